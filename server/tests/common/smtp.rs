//! A small SMTP server for the tests, on 127.0.0.1: it speaks enough of
//! RFC 5321 for a real client (EHLO, MAIL, RCPT, DATA with dot-unstuffing,
//! RSET, NOOP, QUIT), keeps every message it accepts, and answers the end of
//! each DATA with the next code of a script (250 when the script is empty),
//! so tests can make it refuse for now (4xx) or for good (5xx).

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
}

#[derive(Default)]
struct Shared {
    received: Vec<Received>,
    script: VecDeque<u16>,
}

/// The running server; stops when dropped.
pub struct SmtpSink {
    pub addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    /// Starts on a free port.
    pub async fn start() -> SmtpSink {
        Self::start_on(0).await
    }

    /// Starts on `port` (0 for a free one).
    pub async fn start_on(port: u16) -> SmtpSink {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let task = {
            let shared = shared.clone();
            tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(session(stream, shared.clone()));
                }
            })
        };
        SmtpSink { addr, shared, task }
    }

    /// The URL the collector is given for this server (no TLS on loopback).
    pub fn url(&self) -> String {
        format!("smtp://{}?tls=none", self.addr)
    }

    /// Answers the end of the next messages' DATA with these codes, in order.
    pub fn script(&self, codes: &[u16]) {
        self.shared.lock().unwrap().script.extend(codes);
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().unwrap().received.clone()
    }

    /// Waits until `n` messages have arrived (or 10 s), then returns them all.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while self.received().len() < n && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.received()
    }
}

async fn session(stream: TcpStream, shared: Arc<Mutex<Shared>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    if write.write_all(b"220 sink.test ESMTP\r\n").await.is_err() {
        return;
    }
    let (mut from, mut to) = (String::new(), Vec::new());
    loop {
        let mut line = String::new();
        match lines.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let command = line.trim_end().to_string();
        let upper = command.to_ascii_uppercase();
        let answer: String = if upper.starts_with("EHLO") {
            "250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n".into()
        } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
            "250 ok\r\n".into()
        } else if upper.starts_with("MAIL FROM:") {
            from = command[10..].trim().to_string();
            to.clear();
            "250 ok\r\n".into()
        } else if upper.starts_with("RCPT TO:") {
            to.push(command[8..].trim().to_string());
            "250 ok\r\n".into()
        } else if upper.starts_with("RSET") {
            from.clear();
            to.clear();
            "250 ok\r\n".into()
        } else if upper == "DATA" {
            if write.write_all(b"354 end with .\r\n").await.is_err() {
                return;
            }
            let mut data = Vec::new();
            loop {
                let mut raw = Vec::new();
                match lines.read_until(b'\n', &mut raw).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                if raw == b".\r\n" || raw == b".\n" {
                    break;
                }
                let unstuffed = if raw.starts_with(b"..") {
                    &raw[1..]
                } else {
                    &raw[..]
                };
                data.extend_from_slice(unstuffed);
            }
            let code = shared.lock().unwrap().script.pop_front().unwrap_or(250);
            if code == 250 {
                shared.lock().unwrap().received.push(Received {
                    from: from.clone(),
                    to: to.clone(),
                    data,
                });
            }
            match code {
                250 => "250 queued\r\n".into(),
                c if c < 500 => format!("{c} try again later\r\n"),
                c => format!("{c} refused for good\r\n"),
            }
        } else if upper.starts_with("QUIT") {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else {
            "502 not implemented\r\n".into()
        };
        if write.write_all(answer.as_bytes()).await.is_err() {
            return;
        }
    }
}
