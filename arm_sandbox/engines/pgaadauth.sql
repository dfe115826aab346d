-- A shim of Azure's managed `pgaadauth` extension, created in the `postgres` database of the sandbox's
-- PostgreSQL engine. It imitates the extension's SQL surface only; the roles, grants and logins it makes
-- are the real engine's. Tokens as passwords: see arm_sandbox/engines/postgres.py.
CREATE ROLE azure_pg_admin NOLOGIN;
-- A single server's Entra roles: its admin is a member of azure_ad_admin, every role the admin makes for an Entra
-- identity (CREATE ROLE ... IN ROLE azure_ad_user) of azure_ad_user. The single-server gateway (pg_gateway.py)
-- reads these memberships to know which password a token stands for.
CREATE ROLE azure_ad_admin NOLOGIN;
CREATE ROLE azure_ad_user NOLOGIN;
CREATE SCHEMA pgaadauth;
REVOKE ALL ON SCHEMA pgaadauth FROM PUBLIC;
-- Entra principals mapped to roles (the extension keeps this in role security labels).
CREATE TABLE pgaadauth.principals (
    rolname name PRIMARY KEY,
    objectid text NOT NULL,
    principaltype text NOT NULL,
    isadmin boolean NOT NULL
);
-- The latest token the sandbox issued per object id for the OSS RDBMS audience (the sandbox keeps it current).
CREATE TABLE pgaadauth.tokens (
    objectid text PRIMARY KEY,
    token text NOT NULL
);

CREATE FUNCTION public.pgaadauth_create_principal_with_oid(roleName text, objectId text, objectType text,
                                                           isAdmin boolean, isMfa boolean)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pgaadauth AS $$
DECLARE
    wanted text := lower(objectId);
    tok text;
BEGIN
    IF objectType NOT IN ('user', 'group', 'service') THEN
        RAISE EXCEPTION 'Invalid objectType "%": expected user, group or service', objectType;
    END IF;
    -- CREATE ROLE raises PostgreSQL's own 'role "x" already exists' (42710).
    EXECUTE format('CREATE ROLE %I LOGIN', roleName);
    SELECT t.token INTO tok FROM pgaadauth.tokens t WHERE t.objectid = wanted;
    IF tok IS NOT NULL THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', roleName, tok);
    END IF;
    IF isAdmin THEN
        EXECUTE format('ALTER ROLE %I CREATEROLE CREATEDB', roleName);
        EXECUTE format('GRANT azure_pg_admin TO %I', roleName);
    END IF;
    -- The caller may later GRANT, ALTER or DROP the role it made.
    EXECUTE format('GRANT %I TO %I WITH ADMIN OPTION', roleName, session_user);
    INSERT INTO pgaadauth.principals VALUES (roleName, wanted, objectType, isAdmin);
    RETURN format('Created role for "%s"', roleName);
END $$;

-- isAdmin true lists the admins only, false every principal; roles dropped since are left out.
CREATE FUNCTION public.pgaadauth_list_principals(isAdmin boolean)
RETURNS TABLE (rolname name, principaltype text, objectid text, isadmin boolean)
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pgaadauth AS $$
    SELECT p.rolname, p.principaltype, p.objectid, p.isadmin
    FROM pgaadauth.principals p JOIN pg_roles r ON r.rolname = p.rolname
    WHERE p.isadmin OR NOT $1
    ORDER BY p.rolname
$$;

REVOKE ALL ON FUNCTION public.pgaadauth_create_principal_with_oid(text, text, text, boolean, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.pgaadauth_list_principals(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.pgaadauth_create_principal_with_oid(text, text, text, boolean, boolean)
    TO azure_pg_admin;
GRANT EXECUTE ON FUNCTION public.pgaadauth_list_principals(boolean) TO azure_pg_admin;
