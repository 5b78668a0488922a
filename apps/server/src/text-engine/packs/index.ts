import type { Taxonomy } from '../taxonomy.ts';
import { bank } from './bank.ts';
import { hotel } from './hotel.ts';
import { restaurant } from './restaurant.ts';
import { retail } from './retail.ts';
import { telecom } from './telecom.ts';

export type IndustryPack = 'restaurant' | 'retail' | 'hotel' | 'telecom' | 'bank';

/** Starting taxonomies per industry; tenants copy one and edit it. Topic ids are stable slugs. */
export const industryPacks: Record<IndustryPack, Taxonomy> = { restaurant, retail, hotel, telecom, bank };
