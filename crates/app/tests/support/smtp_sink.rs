//! A tiny SMTP server for tests: listens on 127.0.0.1, speaks just enough SMTP (EHLO, MAIL,
//! RCPT, DATA, RSET, NOOP, QUIT; no TLS, no AUTH) to accept messages, and hands each one to
//! the test. Also decodes what `cchc_app::mail` sends (base64 parts, RFC 2047 subjects).

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Mutex};

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The message as transmitted (dot-stuffing removed), lines joined by `\n`.
    pub data: String,
}

impl Received {
    /// The decoded `Subject:` header.
    pub fn subject(&self) -> String {
        let mut header = String::new();
        let mut in_subject = false;
        for line in self.data.lines() {
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Subject:") {
                header.push_str(v.trim());
                in_subject = true;
            } else if in_subject && line.starts_with([' ', '\t']) {
                header.push(' ');
                header.push_str(line.trim());
            } else {
                in_subject = false;
            }
        }
        decode_words(&header)
    }

    /// The decoded text/plain part.
    pub fn text(&self) -> String {
        self.part("text/plain")
    }

    /// The decoded text/html part.
    pub fn html(&self) -> String {
        self.part("text/html")
    }

    fn part(&self, content_type: &str) -> String {
        let needle = format!("Content-Type: {content_type}");
        let Some(i) = self.data.find(&needle) else { return String::new() };
        let rest = &self.data[i..];
        let Some(j) = rest.find("\n\n") else { return String::new() };
        let body = &rest[j + 2..];
        let end = body.find("\n--").unwrap_or(body.len());
        let b64: String = body[..end].chars().filter(|c| !c.is_whitespace()).collect();
        // lettre sends text bodies with CRLF line ends; the tests compare with `\n`.
        String::from_utf8(base64(&b64)).unwrap_or_default().replace("\r\n", "\n")
    }
}

/// Decodes a standard base64 string (padding ignored).
pub fn base64(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter(|c| *c != b'=') {
        let Some(v) = A.iter().position(|x| *x == c) else { continue };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Decodes RFC 2047 `=?utf-8?b?…?=` words: the space between two encoded words is dropped,
/// any other space between tokens is kept.
fn decode_words(h: &str) -> String {
    let mut bytes = Vec::new();
    let mut prev_encoded = None;
    for token in h.split_whitespace() {
        let lower = token.to_ascii_lowercase();
        let encoded = lower.starts_with("=?utf-8?b?") && token.ends_with("?=");
        if prev_encoded.is_some() && !(encoded && prev_encoded == Some(true)) {
            bytes.push(b' ');
        }
        if encoded {
            bytes.extend(base64(&token[10..token.len() - 2]));
        } else {
            bytes.extend(token.as_bytes());
        }
        prev_encoded = Some(encoded);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A running sink.
pub struct Sink {
    pub port: u16,
    rx: Mutex<mpsc::UnboundedReceiver<Received>>,
}

impl Sink {
    pub async fn start() -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("{e}"));
        let port = listener.local_addr().unwrap_or_else(|e| panic!("{e}")).port();
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let tx = tx.clone();
                tokio::spawn(async move {
                    let _ = session(stream, tx).await;
                });
            }
        });
        Sink { port, rx: Mutex::new(rx) }
    }

    /// The next message, waiting at most `secs` seconds.
    pub async fn next(&self, secs: u64) -> Option<Received> {
        let mut rx = self.rx.lock().await;
        tokio::time::timeout(Duration::from_secs(secs), rx.recv()).await.ok().flatten()
    }

    /// Every message received so far (waits briefly for stragglers).
    pub async fn drain(&self) -> Vec<Received> {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let mut rx = self.rx.lock().await;
        let mut out = Vec::new();
        while let Ok(m) = rx.try_recv() {
            out.push(m);
        }
        out
    }
}

/// A port on which nothing listens (an SMTP server that is down).
pub async fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("{e}"));
    l.local_addr().unwrap_or_else(|e| panic!("{e}")).port()
}

fn address(arg: &str) -> String {
    let start = arg.find('<').map(|i| i + 1).unwrap_or(0);
    let end = arg[start..].find('>').map(|i| start + i).unwrap_or(arg.len());
    arg[start..end].to_string()
}

async fn session(stream: TcpStream, tx: mpsc::UnboundedSender<Received>) -> std::io::Result<()> {
    let (r, mut w) = stream.into_split();
    let mut r = BufReader::new(r);
    w.write_all(b"220 sink.test ESMTP\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::new());
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_string();
        let upper = cmd.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-sink.test\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
            b"250 OK\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            from = address(&cmd[10..]);
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            to.push(address(&cmd[8..]));
            b"250 OK\r\n"
        } else if upper.starts_with("RSET") {
            (from, to) = (String::new(), Vec::new());
            b"250 OK\r\n"
        } else if upper == "DATA" {
            w.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
            let mut data = String::new();
            loop {
                let mut l = String::new();
                if r.read_line(&mut l).await? == 0 {
                    return Ok(());
                }
                let l = l.trim_end_matches(['\r', '\n']);
                if l == "." {
                    break;
                }
                data.push_str(l.strip_prefix('.').filter(|_| l.starts_with("..")).unwrap_or(l));
                data.push('\n');
            }
            let _ = tx.send(Received { from: std::mem::take(&mut from), to: std::mem::take(&mut to), data });
            b"250 OK queued\r\n"
        } else if upper.starts_with("QUIT") {
            w.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 Command not implemented\r\n"
        };
        w.write_all(reply).await?;
    }
}
