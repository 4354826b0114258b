-- PostgreSQL for `surplus serve --database postgres://surplus:PASSWORD@HOST:5432/surplus`.
-- Run once as a superuser:  psql -v password="'$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')'" -f Deploy/postgres-setup.sql
-- then put the password into SURPLUS_DATABASE in /etc/surplus/serve.env. The server makes its
-- tables itself on first start (the ledger's and the markets'). Keep PostgreSQL's durable
-- defaults (fsync = on, synchronous_commit = on): a bid is acknowledged only once committed.
-- Several `surplus serve` processes may share this database (each market's rounds are closed
-- and settled once, under a per-market advisory lock); size max_connections for all of them.
CREATE ROLE surplus LOGIN PASSWORD :password;
CREATE DATABASE surplus OWNER surplus ENCODING 'UTF8' TEMPLATE template0;
\connect surplus
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT ALL ON SCHEMA public TO surplus;
-- In pg_hba.conf, allow the role from the server's host only, with SCRAM:
--   host  surplus  surplus  127.0.0.1/32  scram-sha-256
