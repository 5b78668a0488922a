-- A concept test names the product it tests (decision 79): the product page lists its tests and their gate status.
-- Products are archived through their stages, never deleted, so the reference needs no ON DELETE action.
ALTER TABLE concept_tests ADD COLUMN product_id uuid;
ALTER TABLE concept_tests ADD CONSTRAINT concept_tests_product_fk
  FOREIGN KEY (tenant_id, product_id) REFERENCES products(tenant_id, id);
CREATE INDEX concept_tests_product_idx ON concept_tests (tenant_id, product_id) WHERE product_id IS NOT NULL;
