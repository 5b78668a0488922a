import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import type { Router } from '../../platform/routing.ts';
import { DEMO_SLUG } from '../../seed/demo.ts';

/** The demo tenant's web site key, as seeded by sdk-keys/demo.ts. */
export const DEMO_KEY_NAME = '官网 Web';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const STYLE = `*{box-sizing:border-box}body{margin:0;font:15px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei",sans-serif;color:#262626;background:#fffaf5}
header{background:#d4380d;color:#fff;padding:14px 20px}header h1{margin:0;font-size:20px}header p{margin:0;opacity:.85;font-size:13px}
main{max-width:960px;margin:0 auto;padding:16px;display:grid;grid-template-columns:2fr 1fr;gap:16px}
section{background:#fff;border-radius:10px;padding:16px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
h2{margin:0 0 10px;font-size:16px}.menu{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.dish{border:1px solid #f0f0f0;border-radius:8px;padding:10px}.dish b,.dish small,.dish span{display:block}.dish span{color:#d4380d}
button{font:inherit;cursor:pointer;border-radius:6px;border:1px solid #d4380d;background:#fff;color:#d4380d;padding:6px 12px;margin-top:6px}
button.primary{background:#d4380d;color:#fff;width:100%;padding:10px}
input{font:inherit;width:100%;padding:6px 8px;border:1px solid #d9d9d9;border-radius:6px}
#demo-status{min-height:24px;color:#cf1322}.ok{color:#389e0d!important}.muted{color:#8c8c8c;font-size:13px}
.explain{grid-column:1/-1}.explain p{margin:4px 0}#loopcx-survey{grid-column:1/-1}
@media (max-width:640px){main{grid-template-columns:1fr;padding:8px}}`;

const DISHES: Array<[string, string, number]> = [
  ['招牌麻辣面', 'Signature spicy noodles', 32],
  ['番茄牛腩饭', 'Tomato beef brisket rice', 38],
  ['杨枝甘露', 'Mango pomelo sago', 18],
  ['鲜虾云吞', 'Shrimp wontons', 26],
];

function page(title: string, body: string, lang = 'zh-CN') {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/**
 * The demo shop's page: menu, member login, a checkout whose payment always fails, a container for embedded
 * intercepts and what is going on, in Chinese and English. The key and the members are data attributes read by
 * /sdk/demo.js (the server's CSP allows no inline script).
 */
function shopPage(key: string, members: string[]) {
  const dishes = DISHES.map(
    ([zh, en, price], i) =>
      `<div class="dish"><b>${esc(zh)}</b><small class="muted">${esc(en)}</small><span>¥${price}</span><br><button type="button" data-price="${price}" data-testid="demo-add-${i}">加入购物车 Add</button></div>`,
  ).join('');
  const options = members.map((m) => `<option value="${esc(m)}"></option>`).join('');
  return page(
    'Savor 味享 · 网上点餐 Online ordering (loopcx SDK demo)',
    `<header><h1>Savor 味享 · 网上点餐</h1><p>Online ordering — a demo shop using the loopcx browser SDK</p></header>
<main>
<section class="explain"><h2>这是什么 What is this</h2>
<p>这个假网店加载了 loopcx 的浏览器 SDK（/sdk/v1/loopcx.js），使用演示租户的「${esc(DEMO_KEY_NAME)}」公钥。登录会员后点「结算」，每次支付都会失败并上报 <code>payment.failed</code> 事件；一次会话内失败达到拦截规则设定的次数，就会弹出拦截问卷，答卷和事件都会出现在该会员的客户时间线上。右下角的「吐槽」按钮随时可以提交反馈。</p>
<p class="muted">演示的拦截规则是「每位访客或会员 30 天一次」，并遵守租户的联系频率规则：再演示一次时请输入一个新的会员号（例如 M-DEMO-2，会自动建档），在新的浏览器窗口（无痕模式）里打开本页。</p>
<p>This fake shop loads the loopcx browser SDK (/sdk/v1/loopcx.js) with the demo tenant's "${esc(DEMO_KEY_NAME)}" public key. Log in as a member and press Checkout: every payment fails and sends a <code>payment.failed</code> event; once an intercept rule's count is reached in this session its survey pops up, and the answer and the events land on the member's customer timeline. The feedback (吐槽) button sends a complaint at any time.</p>
<p class="muted">The demo intercept shows once per 30 days to a visitor or member and follows the tenant's contact-frequency rules: to see it again, enter a new member ID (e.g. M-DEMO-2; a profile is created) and open this page in a new private window.</p></section>
<section><h2>菜单 Menu</h2><div class="menu">${dishes}</div></section>
<section><h2>会员登录 Member login</h2>
<label class="muted" for="demo-member">会员号 Member ID</label>
<input id="demo-member" list="demo-members" autocomplete="off" value="${esc(members[0] ?? '')}" data-testid="demo-login-input"><datalist id="demo-members">${options}</datalist>
<button type="button" id="demo-login" data-testid="demo-login">登录 Log in</button>
<h2 style="margin-top:16px">购物车 Cart</h2><p>合计 Total: ¥<span id="demo-total">0</span></p>
<button type="button" class="primary" id="demo-pay" data-testid="demo-pay">结算 Checkout</button>
<p id="demo-status" role="status" aria-live="polite" data-testid="demo-status"></p></section>
<div id="loopcx-survey"></div>
</main>
<script src="/sdk/v1/loopcx.js"></script>
<script src="/sdk/demo.js" data-key="${esc(key)}"></script>`,
  );
}

const NOT_SEEDED = page(
  'Demo not available · 演示不可用',
  `<header><h1>演示不可用 Demo not available</h1></header><main><section class="explain">
<p>这个服务器上没有演示租户（或它的「${esc(DEMO_KEY_NAME)}」SDK 公钥已被删除或吊销）。运行 <code>npm run seed</code> 生成演示数据后再打开本页。</p>
<p>This server has no demo tenant (or its "${esc(DEMO_KEY_NAME)}" SDK key was removed or revoked). Run <code>npm run seed</code> to create the demo data, then open this page again.</p>
</section></main>`,
);

/**
 * The page's script: initialises the SDK with the key, logs a member in with identify(), tracks a failed payment on
 * each checkout. ES5, like the web-views the SDK supports.
 */
export const DEMO_JS = `(function () {
  var me = document.currentScript;
  var key = me && me.getAttribute('data-key');
  var $ = function (id) { return document.getElementById(id); };
  var status = $('demo-status');
  var say = function (text, ok) { status.textContent = text; status.className = ok ? 'ok' : ''; };
  if (!window.loopcx || !key) { say('SDK 未加载 The SDK did not load'); return; }
  loopcx.init({ key: key });
  var total = 0, tries = 0;
  var reasons = ['card_declined', 'timeout', 'insufficient_funds'];
  var buttons = document.querySelectorAll('[data-price]');
  for (var i = 0; i < buttons.length; i++) buttons[i].addEventListener('click', function (e) {
    total += Number(e.currentTarget.getAttribute('data-price'));
    $('demo-total').textContent = String(total);
  });
  $('demo-login').addEventListener('click', function () {
    var id = $('demo-member').value.trim();
    if (!id) { say('请输入会员号 Enter a member ID'); return; }
    loopcx.identify({ externalId: id });
    say('已登录会员 Logged in as ' + id, true);
  });
  $('demo-pay').addEventListener('click', function () {
    tries++;
    var reason = reasons[(tries - 1) % reasons.length];
    var amount = total || 32;
    loopcx.track('payment.failed', { orderId: 'W' + Date.now().toString(36).toUpperCase(), amount: amount, reason: reason });
    say('支付失败（' + reason + '），第 ' + tries + ' 次 · Payment failed (' + reason + '), attempt ' + tries);
  });
})();
`;

/**
 * GET /sdk/demo: the demo shop, initialised with the demo tenant's "官网 Web" key (404 page when the demo is not
 * seeded or the key is gone); GET /sdk/demo.js: its script. Served under the server's default CSP (scripts from
 * the server only), which also lets the page frame the server's own survey pages.
 */
export async function sdkDemoRoutes(r: Router, ctx: AppContext) {
  r.get('/sdk/demo', { schema: { hide: true } }, async (_req, reply) => {
    // The demo tenant is found by its slug; everything below is scoped to its id.
    const key = await one<{ tenant_id: string; key: string }>(
      ctx.db,
      sql`SELECT k.tenant_id, k.key FROM sdk_keys k JOIN tenants t ON t.id = k.tenant_id
          WHERE t.slug = ${DEMO_SLUG} AND k.name = ${DEMO_KEY_NAME} AND k.revoked_at IS NULL
          ORDER BY k.created_at LIMIT 1`,
    );
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    if (!key) return reply.code(404).send(NOT_SEEDED);
    // Members to try: the featured one (the demo's member with a name and a full timeline) first.
    const members = await rows<{ value: string }>(
      ctx.db,
      sql`SELECT i.value FROM customer_identities i JOIN customers c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id
          WHERE i.tenant_id = ${key.tenant_id} AND i.kind = 'member'
          ORDER BY (c.display_name IS NOT NULL) DESC, i.value LIMIT 5`,
    );
    return reply.send(
      shopPage(
        key.key,
        members.map((m) => m.value),
      ),
    );
  });
  r.get('/sdk/demo.js', { schema: { hide: true } }, async (_req, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(DEMO_JS),
  );
}
