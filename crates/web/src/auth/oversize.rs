//! A form too large to take (413) still costs the user nothing they typed: the body is read
//! up to the limit, and the text fields that arrived whole before it are shown on the 413
//! page to copy back. A field the limit cut through, files, the CSRF token, passwords and the
//! form's own hidden bookkeeping are left out.

use axum::body::{Body, Bytes};

/// Fields never shown again: hidden bookkeeping, not something the user typed.
const HIDDEN: &[&str] = &["_csrf", "version", "next", "submit", "action", "target"];
/// At most this many fields, each cut to this many characters.
const MAX_FIELDS: usize = 50;
const MAX_CHARS: usize = 20_000;

/// The body when it fits in `limit` bytes; otherwise (or when the client stops sending) the
/// part read so far, at most `limit` bytes.
pub async fn read_capped(body: Body, limit: usize) -> Result<Bytes, Vec<u8>> {
    use futures_core::Stream;
    let mut stream = std::pin::pin!(body.into_data_stream());
    let mut read = Vec::new();
    loop {
        match std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
            None => return Ok(Bytes::from(read)),
            Some(Ok(chunk)) if read.len() + chunk.len() <= limit => read.extend_from_slice(&chunk),
            Some(Ok(chunk)) => {
                read.extend_from_slice(&chunk[..limit - read.len()]);
                return Err(read);
            }
            Some(Err(_)) => return Err(read),
        }
    }
}

fn shown(name: &str, value: &str) -> bool {
    !value.trim().is_empty() && !HIDDEN.contains(&name) && !name.to_ascii_lowercase().contains("password")
}

fn cut(value: String) -> String {
    match value.char_indices().nth(MAX_CHARS) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value,
    }
}

/// The text fields of the cut-off form `prefix` (urlencoded or multipart, by `content_type`)
/// that arrived whole, in the form's order.
pub async fn kept_fields(content_type: &str, prefix: Vec<u8>) -> Vec<(String, String)> {
    let fields = if content_type.starts_with("multipart/form-data") {
        multipart_fields(content_type, prefix).await
    } else {
        // The last pair may be cut: only pairs followed by `&` arrived whole.
        let whole = prefix.iter().rposition(|b| *b == b'&').map(|at| &prefix[..at]).unwrap_or_default();
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(whole).unwrap_or_default()
    };
    fields.into_iter().filter(|(k, v)| shown(k, v)).take(MAX_FIELDS).map(|(k, v)| (k, cut(v))).collect()
}

async fn multipart_fields(content_type: &str, prefix: Vec<u8>) -> Vec<(String, String)> {
    let Ok(boundary) = multer::parse_boundary(content_type) else { return Vec::new() };
    let stream = super::csrf::futures_once(Bytes::from(prefix));
    let mut mp = multer::Multipart::new(stream, boundary);
    let mut out = Vec::new();
    while let Ok(Some(field)) = mp.next_field().await {
        if field.file_name().is_some() {
            continue;
        }
        let name = field.name().unwrap_or_default().to_string();
        // A field still open when the bytes ran out is an error here: it is left out.
        match field.text().await {
            Ok(text) => out.push((name, text)),
            Err(_) => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_whole_typed_fields_are_kept() {
        let form = b"_csrf=t&version=3&narrative=B%C3%A1o+c%C3%A1o+qu%C3%BD&password=x&note=c%E1%BA%AFt".to_vec();
        let kept = kept_fields("application/x-www-form-urlencoded", form).await;
        assert_eq!(kept, vec![("narrative".to_string(), "Báo cáo quý".to_string())]);

        let b = "XyZ";
        let mut body = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nt\r\n--{b}\r\n\
             Content-Disposition: form-data; name=\"narrative\"\r\n\r\nNội dung <b>dài</b>\r\n--{b}\r\n\
             Content-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 "
        )
        .into_bytes();
        body.extend(std::iter::repeat_n(b'x', 5000));
        let kept = kept_fields(&format!("multipart/form-data; boundary={b}"), body).await;
        assert_eq!(kept, vec![("narrative".to_string(), "Nội dung <b>dài</b>".to_string())]);
    }

    #[tokio::test]
    async fn the_body_is_read_up_to_the_limit() {
        assert_eq!(read_capped(Body::from("abc"), 3).await.ok(), Some(Bytes::from("abc")));
        assert_eq!(read_capped(Body::from("abcdef"), 4).await.err(), Some(b"abcd".to_vec()));
    }
}
