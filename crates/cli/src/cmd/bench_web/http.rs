//! Just enough HTTP/1.1 for the benchmark to log in and check pages before loading them: one
//! request per connection, cookies passed by hand. The load itself is the load tool's job.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A response: status, headers (lower-case names), body as text.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// The value of cookie `name` set by this response.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers.iter().filter(|(k, _)| k == "set-cookie").find_map(|(_, v)| {
            let first = v.split(';').next()?.trim();
            let (k, val) = first.split_once('=')?;
            (k == name && !val.is_empty()).then(|| val.to_string())
        })
    }
}

/// Percent-encodes a form value.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Sends one request to `addr` (`127.0.0.1:8080`); `form` is an urlencoded body to POST.
pub async fn request(addr: &str, path: &str, cookie: Option<&str>, form: Option<&str>) -> anyhow::Result<Reply> {
    let cookie = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    match form {
        Some(body) => {
            send(addr, "POST", path, &cookie, Some(("application/x-www-form-urlencoded", body.as_bytes()))).await
        }
        None => send(addr, "GET", path, &cookie, None).await,
    }
}

/// Sends one request with whole header lines `extra` (e.g. `Cookie: …\r\nX-Forwarded-For: …\r\n`);
/// `form` is an urlencoded body to POST.
pub async fn request_with(addr: &str, path: &str, extra: &str, form: Option<&str>) -> anyhow::Result<Reply> {
    match form {
        Some(body) => {
            send(addr, "POST", path, extra, Some(("application/x-www-form-urlencoded", body.as_bytes()))).await
        }
        None => send(addr, "GET", path, extra, None).await,
    }
}

/// POSTs a JSON body with a bearer token (the API).
pub async fn post_json(addr: &str, path: &str, bearer: &str, body: &[u8]) -> anyhow::Result<Reply> {
    send(addr, "POST", path, &format!("Authorization: Bearer {bearer}\r\n"), Some(("application/json", body))).await
}

/// POSTs a `multipart/form-data` body: `fields` as text parts, then `files` (field name, file
/// name, content type, bytes), as a browser sends a form with file inputs.
pub async fn post_multipart(
    addr: &str,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &str, &[u8])],
) -> anyhow::Result<Reply> {
    let (content_type, body) = multipart(fields, files);
    send(addr, "POST", path, &format!("Cookie: {cookie}\r\n"), Some((&content_type, &body))).await
}

/// The content type (with its boundary) and the body of a multipart form.
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &str, &[u8])]) -> (String, Vec<u8>) {
    const BOUNDARY: &str = "----cchc-bench-7f3a9c1e5b";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    for (name, file_name, ct, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {ct}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

/// One request: `extra` holds whole header lines; `body` its content type and bytes.
async fn send(addr: &str, method: &str, path: &str, extra: &str, body: Option<(&str, &[u8])>) -> anyhow::Result<Reply> {
    let fut = async {
        let mut s = TcpStream::connect(addr).await?;
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nUser-Agent: cchc-bench\r\n{extra}"
        );
        match body {
            Some((ct, b)) => req.push_str(&format!("Content-Type: {ct}\r\nContent-Length: {}\r\n\r\n", b.len())),
            None => req.push_str("\r\n"),
        }
        s.write_all(req.as_bytes()).await?;
        if let Some((_, b)) = body {
            s.write_all(b).await?;
        }
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await?;
        Ok::<Vec<u8>, std::io::Error>(raw)
    };
    let raw = tokio::time::timeout(Duration::from_secs(300), fut)
        .await
        .map_err(|_| anyhow::anyhow!("máy chủ không trả lời {path} trong 300 giây"))??;
    parse(&raw).ok_or_else(|| anyhow::anyhow!("trả lời không hợp lệ cho {path}"))
}

fn parse(raw: &[u8]) -> Option<Reply> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body)?;
    }
    Some(Reply { status, headers, body: String::from_utf8_lossy(&body).into_owned() })
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&b[..eol]).ok()?.split(';').next()?.trim(), 16).ok()?;
        b = &b[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size + 2..)?;
    }
}

/// Logs in through the login form as a browser would; returns the `Cookie` header value of
/// the session.
pub async fn login(addr: &str, login: &str, password: &str) -> anyhow::Result<String> {
    let page = request(addr, "/login", None, None).await?;
    let csrf = page.set_cookie("cchc_csrf").ok_or_else(|| anyhow::anyhow!("trang đăng nhập không đặt cookie CSRF"))?;
    let form = format!("_csrf={}&next=%2F&login={}&password={}", encode(&csrf), encode(login), encode(password));
    let r = request(addr, "/login", Some(&format!("cchc_csrf={csrf}")), Some(&form)).await?;
    match r.set_cookie("cchc_session") {
        Some(s) if r.status == 303 => Ok(format!("cchc_session={s}")),
        _ => anyhow::bail!("không đăng nhập được bằng tài khoản «{login}» (mã trả lời {})", r.status),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_plain_and_chunked_replies() {
        let r = super::parse(b"HTTP/1.1 303 See Other\r\nSet-Cookie: cchc_session=abc; Path=/\r\n\r\n")
            .unwrap_or_else(|| panic!("parse"));
        assert_eq!((r.status, r.set_cookie("cchc_session").as_deref()), (303, Some("abc")));
        let r = super::parse(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nT\xe1\xbb\x95\r\n3\r\nng!\r\n0\r\n\r\n",
        )
        .unwrap_or_else(|| panic!("parse"));
        assert_eq!(r.body, "Tổng!");
        assert_eq!(super::encode("a b&ư"), "a%20b%26%C6%B0");
    }
}
