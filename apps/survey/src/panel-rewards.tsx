/** @jsxImportSource preact */
import type { TPortal } from '@loopcx/shared';
import { useState } from 'preact/hooks';

/**
 * The member portal's rewards (`/m/{token}`): the panel's active rewards with their cost and stock, a redeem button
 * per reward (disabled when the balance or the stock is short — the server checks both again in one transaction),
 * and the member's own redemptions with their status. The signed token is the only credential.
 */
const S = {
  zh: {
    rewards: '积分兑换',
    none: '暂无可兑换的礼品',
    cost: (p: number) => `${p} 积分`,
    stock: (n: number | null) => (n === null ? '' : n === 0 ? ' · 已兑完' : ` · 剩余 ${n}`),
    redeem: '兑换',
    confirm: (name: string, p: number) => `确定用 ${p} 积分兑换「${name}」？`,
    redeemed: (name: string) => `已兑换「${name}」，等待发放`,
    mine: '我的兑换',
    status: { pending: '待发放', fulfilled: '已发放', cancelled: '已取消（积分已退回）' },
    sending: '提交中…',
  },
  en: {
    rewards: 'Rewards',
    none: 'No rewards to redeem yet',
    cost: (p: number) => `${p} points`,
    stock: (n: number | null) => (n === null ? '' : n === 0 ? ' · sold out' : ` · ${n} left`),
    redeem: 'Redeem',
    confirm: (name: string, p: number) => `Spend ${p} points on “${name}”?`,
    redeemed: (name: string) => `“${name}” redeemed; it will be sent to you`,
    mine: 'My redemptions',
    status: { pending: 'To be sent', fulfilled: 'Sent', cancelled: 'Cancelled (points refunded)' },
    sending: 'Sending…',
  },
};

export function PortalRewards(props: {
  portal: TPortal;
  lang: 'zh' | 'en';
  token: string;
  update: (p: TPortal) => void;
}) {
  const { portal } = props;
  const t = S[props.lang];
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const redeem = async (r: TPortal['rewards'][number]) => {
    if (!window.confirm(t.confirm(r.name, r.pointsCost))) return;
    setBusy(r.id);
    setNotice(null);
    try {
      const res = await fetch(`/api/v1/public/panel-members/${encodeURIComponent(props.token)}/redemptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rewardId: r.id }),
      });
      const body = (await res.json().catch(() => ({}))) as TPortal & { detail?: string };
      if (res.ok) {
        props.update(body);
        setNotice({ ok: true, text: t.redeemed(r.name) });
      } else setNotice({ ok: false, text: body.detail ?? res.statusText });
    } catch {
      setNotice({ ok: false, text: 'network' });
    } finally {
      setBusy(null);
    }
  };
  return (
    <section data-testid="rewards">
      <h3 class="section">{t.rewards}</h3>
      {notice && (
        <div class={`notice ${notice.ok ? 'good' : 'bad'}`} data-testid="redeem-notice">
          {notice.text}
        </div>
      )}
      {!portal.rewards.length && <div class="card hint">{t.none}</div>}
      {portal.rewards.map((r) => {
        const short = r.pointsCost > portal.points || r.stock === 0;
        return (
          <div class="card reward-row" key={r.id} data-testid="reward">
            <div>
              <div class="qtitle">{r.name}</div>
              <div class="hint">
                {t.cost(r.pointsCost)}
                {t.stock(r.stock)}
              </div>
              {r.description && <div class="hint">{r.description}</div>}
            </div>
            <button
              type="button"
              class="btn"
              data-testid="redeem"
              disabled={short || busy !== null}
              onClick={() => redeem(r)}
            >
              {busy === r.id ? t.sending : t.redeem}
            </button>
          </div>
        );
      })}
      {portal.redemptions.length > 0 && (
        <>
          <h3 class="section">{t.mine}</h3>
          {portal.redemptions.map((x) => (
            <div class="card" key={x.id} data-testid="my-redemption" data-status={x.status}>
              <div class="qtitle">{x.rewardName}</div>
              <div class="hint">
                {t.status[x.status]} · {t.cost(x.points)} · {new Date(x.createdAt).toLocaleString()}
              </div>
              {x.note && <div class="hint">{x.note}</div>}
            </div>
          ))}
        </>
      )}
    </section>
  );
}
