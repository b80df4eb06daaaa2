//! Reading and writing the few cookies cchc uses.

use axum::http::{header, HeaderMap, HeaderValue};

/// Session token (HttpOnly).
pub const SESSION: &str = "cchc_session";
/// CSRF token for visitors who are not logged in (double-submit).
pub const CSRF: &str = "cchc_csrf";
/// Interface language, `vi` or `en`.
pub const LANG: &str = "cchc_lang";
/// A one-time message shown after a redirect.
pub const FLASH: &str = "cchc_flash";

/// The value of cookie `name` in the request, if any.
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` header value. `max_age` of 0 deletes; `None` makes a browser-session cookie.
pub fn set(name: &str, value: &str, max_age: Option<i64>, http_only: bool, secure: bool) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; SameSite=Lax");
    if let Some(a) = max_age {
        c.push_str(&format!("; Max-Age={a}"));
    }
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("cchc_invalid=; Max-Age=0"))
}

/// Percent-encodes a flash message for a cookie value.
pub fn encode_flash(msg: &str) -> String {
    crate::error::urlencode(msg)
}

/// Decodes a flash cookie value.
pub fn decode_flash(v: &str) -> String {
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("m={v}"))
        .ok()
        .and_then(|mut p| p.pop())
        .map(|(_, m)| m)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cookies_and_round_trips_flash() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; cchc_session=abc; b=2"));
        assert_eq!(get(&h, SESSION).as_deref(), Some("abc"));
        assert_eq!(get(&h, "zz"), None);
        let m = "Đã lưu đơn vị «Sở Nội vụ»; xong & tốt";
        assert_eq!(decode_flash(&encode_flash(m)), m);
    }
}
