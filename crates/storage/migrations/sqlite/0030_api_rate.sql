-- Requests per personal access token and one-minute window, counted in the database so that
-- several app nodes on one PostgreSQL database share one limit per token (a node's own count
-- would let a token through once per node). `window_start` is the window's first second
-- (Unix time, a multiple of 60). Old windows of a token are removed as its new ones start.
CREATE TABLE api_rate (
    token_id     BIGINT NOT NULL,
    window_start BIGINT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (token_id, window_start)
);
