//! The version a writer saw, so two clients cannot overwrite each other: `If-Match` (`"7"`,
//! `W/"7"` or `7`) first, else the body's `version` field. A stale one is refused with 412
//! when it came as `If-Match`, 409 when it came in the body.

use axum::http::{header, HeaderMap, StatusCode};

use super::problem::{ApiResult, FieldProblem, Problem};

/// A version named by the client, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub version: i64,
    pub by_header: bool,
}

impl Seen {
    /// The refusal of a write whose version is no longer the current one.
    pub fn stale(self, detail: &str) -> Problem {
        Problem::new(if self.by_header { StatusCode::PRECONDITION_FAILED } else { StatusCode::CONFLICT }, detail)
    }
}

/// The version the client saw, if it named one; an unreadable `If-Match` is 400, said with
/// `required` (the sentence explaining which version to send).
pub fn seen(headers: &HeaderMap, body: Option<i64>, required: &str) -> ApiResult<Option<Seen>> {
    if let Some(v) = headers.get(header::IF_MATCH) {
        let text = v.to_str().unwrap_or("").trim().trim_start_matches("W/").trim_matches('"');
        return text.parse().map(|version| Some(Seen { version, by_header: true })).map_err(|_| {
            let mut p = Problem::new(StatusCode::BAD_REQUEST, required);
            p.errors.push(FieldProblem { pointer: "/version".into(), detail: required.into() });
            p
        });
    }
    Ok(body.map(|version| Seen { version, by_header: false }))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn the_header_comes_first_and_names_how_a_stale_write_is_refused() {
        let mut h = HeaderMap::new();
        assert_eq!(seen(&h, None, "x").ok(), Some(None));
        assert_eq!(seen(&h, Some(3), "x").ok().flatten(), Some(Seen { version: 3, by_header: false }));
        h.insert(header::IF_MATCH, HeaderValue::from_static("W/\"7\""));
        let s = seen(&h, Some(3), "x").ok().flatten().unwrap_or_else(|| panic!("seen"));
        assert_eq!(s, Seen { version: 7, by_header: true });
        assert_eq!(s.stale("x").status, StatusCode::PRECONDITION_FAILED);
        assert_eq!(Seen { version: 1, by_header: false }.stale("x").status, StatusCode::CONFLICT);
        h.insert(header::IF_MATCH, HeaderValue::from_static("\"bay\""));
        assert_eq!(seen(&h, None, "x").err().map(|p| p.status), Some(StatusCode::BAD_REQUEST));
    }
}
