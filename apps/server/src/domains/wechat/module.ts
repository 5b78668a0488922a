import type { DomainModule } from '../../platform/module.ts';
import { wechatRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'wechat',
  privateRoutes: wechatRoutes,
};
