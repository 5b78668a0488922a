import { type Executor, sql } from '../../platform/db.ts';
import type { prng } from '../../seed/random.ts';
import { haversineM, type LatLng } from './geo.ts';

/** Where the demo stores are: a street address and its position in their city (WGS-84). */
const STORE_LOCATIONS: Record<string, { address: string; lat: number; lng: number }> = {
  'SH-01': { address: '上海市黄浦区南京西路 2 号', lat: 31.2336, lng: 121.4737 },
  'SH-02': { address: '上海市徐汇区漕溪北路 88 号', lat: 31.1955, lng: 121.4365 },
  'SH-03': { address: '上海市浦东新区陆家嘴环路 1000 号', lat: 31.2397, lng: 121.4998 },
  'SH-04': { address: '上海市静安区南京西路 1618 号', lat: 31.2235, lng: 121.4455 },
  'HZ-01': { address: '杭州市上城区湖滨路 23 号', lat: 30.259, lng: 120.164 },
  'HZ-02': { address: '杭州市拱墅区武林广场 1 号', lat: 30.2735, lng: 120.163 },
  'HZ-03': { address: '杭州市滨江区江南大道 3850 号', lat: 30.2085, lng: 120.211 },
  'HZ-04': { address: '杭州市西湖区文二西路 551 号', lat: 30.272, lng: 120.066 },
  'BJ-01': { address: '北京市朝阳区建国门外大街 1 号', lat: 39.9087, lng: 116.4605 },
  'BJ-02': { address: '北京市海淀区中关村大街 15 号', lat: 39.9834, lng: 116.316 },
  'BJ-03': { address: '北京市朝阳区望京街 9 号', lat: 39.9965, lng: 116.47 },
  'BJ-04': { address: '北京市朝阳区三里屯路 19 号', lat: 39.9335, lng: 116.454 },
  'TJ-01': { address: '天津市滨海新区中心北路 1 号', lat: 39.006, lng: 117.705 },
  'TJ-02': { address: '天津市和平区滨江道 208 号', lat: 39.118, lng: 117.196 },
  'TJ-03': { address: '天津市南开区鞍山西道 1 号', lat: 39.129, lng: 117.167 },
  'TJ-04': { address: '天津市河西区友谊路 35 号', lat: 39.1, lng: 117.223 },
  'GZ-01': { address: '广州市天河区天河路 208 号', lat: 23.1375, lng: 113.327 },
  'GZ-02': { address: '广州市越秀区北京路 238 号', lat: 23.129, lng: 113.268 },
  'GZ-03': { address: '广州市天河区珠江东路 6 号', lat: 23.1195, lng: 113.324 },
  'GZ-04': { address: '广州市番禺区市桥街繁华路 1 号', lat: 22.937, lng: 113.384 },
  'SZ-01': { address: '深圳市南山区南海大道 2163 号', lat: 22.533, lng: 113.93 },
  'SZ-02': { address: '深圳市福田区福华三路 269 号', lat: 22.541, lng: 114.055 },
  'SZ-03': { address: '深圳市罗湖区人民南路 3005 号', lat: 22.544, lng: 114.113 },
  'SZ-04': { address: '深圳市宝安区新安四路 198 号', lat: 22.555, lng: 113.883 },
};

/** Gives the demo stores their addresses and positions. */
export async function seedStoreLocations(ex: Executor, tenantId: string) {
  for (const [code, l] of Object.entries(STORE_LOCATIONS)) {
    await ex.execute(
      sql`UPDATE org_units SET address = ${l.address}, lat = ${l.lat}, lng = ${l.lng}
          WHERE tenant_id = ${tenantId} AND code = ${code}`,
    );
  }
}

/**
 * Where an inspector's phone reported them at check-in: within ~150 m of the store (GPS drift, the mall's other
 * entrance), or ~0.8 km off when `far` (checked in from the metro station).
 */
export function demoCheckIn(
  code: string,
  rand: ReturnType<typeof prng>,
  far: boolean,
): (LatLng & { distanceM: number }) | null {
  const store = STORE_LOCATIONS[code];
  if (!store) return null;
  const reach = far ? 0.007 : 0.0012;
  const angle = rand.next() * 2 * Math.PI;
  const r = reach * (far ? 1 : 0.2 + 0.8 * rand.next());
  const lat = Math.round((store.lat + r * Math.sin(angle)) * 1e6) / 1e6;
  const lng = Math.round((store.lng + r * Math.cos(angle)) * 1e6) / 1e6;
  return { lat, lng, distanceM: haversineM(store, { lat, lng }) };
}
