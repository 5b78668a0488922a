-- Issue 22 (qa-geo): a unit's street address and position, so an audit's check-in can be compared with the store's.
-- The position is both coordinates or neither.
ALTER TABLE org_units ADD COLUMN address text CHECK (char_length(address) <= 300);
ALTER TABLE org_units ADD COLUMN lat double precision CHECK (lat BETWEEN -90 AND 90);
ALTER TABLE org_units ADD COLUMN lng double precision CHECK (lng BETWEEN -180 AND 180);
ALTER TABLE org_units ADD CONSTRAINT org_units_location_pair CHECK ((lat IS NULL) = (lng IS NULL));
