import { pack, topic } from './define.ts';

/** Mobile and broadband operators. */
export const telecom = pack([
  topic(
    'signal',
    '信号覆盖',
    'Signal and coverage',
    '信号,覆盖,没信号,信号差,信号弱,打不通,掉话,断线,通话质量',
    'signal,coverage,reception,"dropped call*","no service",bars',
  ),
  topic(
    'data-speed',
    '网速',
    'Data speed',
    '网速,上网,流量,4g,5g,卡顿,很卡,加载,延迟',
    'speed,slow,data,4g,5g,lag*,latency,buffering',
  ),
  topic(
    'outage',
    '断网故障',
    'Outages',
    '断网,故障,维修,报修,网络中断,停机,宕机',
    'outage*,down,"not working",disconnect*,fault*,repair*',
  ),
  topic(
    'billing',
    '话费账单',
    'Billing',
    '话费,账单,扣费,乱扣费,收费,计费,多扣,余额,欠费,充值',
    'bill*,charge*,overcharg*,fee*,invoice*,balance,top-up,topup',
  ),
  topic(
    'plans',
    '套餐资费',
    'Plans and pricing',
    '套餐,资费,价格,贵,便宜,优惠,合约,升级套餐,降套餐,携号转网',
    'plan*,tariff*,price*,contract*,expensive,cheap,upgrade*,downgrade*',
    { zhExclude: '贵宾' },
  ),
  topic(
    'customer-service',
    '客服',
    'Customer service',
    '客服,人工,热线,10086,10010,10000,服务态度,态度,投诉,踢皮球,推诿',
    '"customer service",support,agent*,hotline,"call centre","call center",rude,helpful,complain*',
  ),
  topic(
    'broadband-install',
    '宽带安装',
    'Broadband installation',
    '宽带,安装,装机,光纤,路由器,光猫,上门,师傅',
    'broadband,install*,fibre,fiber,router,modem,technician*,engineer*',
  ),
  topic('store', '营业厅', 'Retail store', '营业厅,门店,排队,办理,柜台,营业员', 'store,shop,branch,queue*,counter'),
  topic('roaming', '漫游', 'Roaming', '漫游,国际,境外', 'roaming,international,abroad,overseas'),
  topic(
    'spam',
    '骚扰与营销',
    'Spam and marketing',
    '骚扰,推销,营销短信,垃圾短信,广告,诈骗电话',
    'spam,marketing,"sales call*",scam*,"junk sms"',
  ),
  topic(
    'app',
    '营业厅app',
    'App',
    'app,手机营业厅,小程序,网上营业厅,登录,闪退',
    'app,login,"log in",crash*,website,online',
  ),
]);
