-- Ended sessions are announced to every app node: each node keeps a short cache of sessions it
-- has read, and drops it when a session ends anywhere (logout, password change, deactivation,
-- role or unit change all delete the session rows). The notification is sent when the
-- deleting transaction commits, never for a rolled-back one. Expired sessions being purged
-- are not announced: a cached session is never served past its expiry anyway.
-- SQLite has one app node, so it has no counterpart.
-- Never edit a landed migration; add a new one.

CREATE FUNCTION cchc_session_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('cchc_sessions', OLD.token_hash);
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_ended AFTER DELETE ON sessions
    FOR EACH ROW WHEN (OLD.expires_at > now())
    EXECUTE FUNCTION cchc_session_ended();
