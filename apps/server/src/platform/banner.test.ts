import { describe, expect, it } from 'vitest';
import { startBanner } from './banner.ts';

const config = { host: '0.0.0.0', port: 3000, publicUrl: 'http://localhost:3000', dataDir: '/srv/data' };

describe('start banner', () => {
  it('says a demo on all interfaces is reachable from other machines, with public logins, and that links are local', () => {
    const text = startBanner({ config, database: 'pglite', demo: true, addresses: ['192.168.1.20'] }).join('\n');
    expect(text).toContain('reachable from other machines at http://192.168.1.20:3000');
    expect(text).toContain('its logins are public');
    expect(text).toContain('HOST=127.0.0.1');
    expect(text).toContain('set LOOPCX_PUBLIC_URL');
  });

  it('says nothing of the kind on loopback with a public URL set, and no demo line without a demo', () => {
    const local = startBanner({
      config: { ...config, host: '127.0.0.1', publicUrl: 'https://cx.example.com' },
      database: 'postgres',
      demo: true,
      addresses: ['192.168.1.20'],
    }).join('\n');
    expect(local).not.toContain('reachable from other machines');
    expect(local).not.toContain('LOOPCX_PUBLIC_URL');
    const noDemo = startBanner({ config, database: 'pglite', demo: false, addresses: [] }).join('\n');
    expect(noDemo).toContain('reachable from other machines');
    expect(noDemo).not.toContain('logins are public');
  });
});
