-- "Sounds like" search (issue 18): one musicnn embedding per analysed asset, in a pgvector column
-- with an HNSW index (cosine), partitioned by partner like the rest of the catalog.
--
-- pgvector is optional. The embedded default (pgserver) bundles it; a server without it (the
-- machine's PostgreSQL 15 here) must still start and migrate, and the feature then reports itself
-- unavailable in /healthz. So the table is made by a function that checks first, called here and
-- again by every `catalog migrate` (shared.db.migrate): a server that gains pgvector later gets the
-- table on its next migrate. It answers whether the table exists.
CREATE OR REPLACE FUNCTION catalog_ensure_embeddings() RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass('asset_embeddings') IS NOT NULL THEN
        RETURN true;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
        RETURN false;
    END IF;
    BEGIN
        CREATE EXTENSION IF NOT EXISTS vector;
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE WARNING 'pgvector is available but this role may not create it: similar-track '
            'search stays off until someone runs CREATE EXTENSION vector';
        RETURN false;
    END;
    CREATE TABLE asset_embeddings (
        partner_id uuid NOT NULL,
        asset_id uuid NOT NULL,
        embedding vector(200) NOT NULL,  -- unit length: cosine distance = 1 - dot product
        model text NOT NULL,
        model_version text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partner_id, asset_id)
    ) PARTITION BY LIST (partner_id);
    CREATE TABLE asset_embeddings_default PARTITION OF asset_embeddings DEFAULT;
    CREATE INDEX asset_embeddings_hnsw ON asset_embeddings USING hnsw (embedding vector_cosine_ops);
    RETURN true;
END
$$;

SELECT catalog_ensure_embeddings();
