-- Security finding 4: the respondent page may be framed only by origins the tenant lists (customer sites,
-- WeChat portals); empty means nobody (frame-ancestors 'none'). Sources are validated by the API
-- (domains/security/frame-ancestors.ts) before they reach a Content-Security-Policy header.
ALTER TABLE tenants ADD COLUMN frame_ancestors text[] NOT NULL DEFAULT '{}';
