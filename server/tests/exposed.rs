//! The collector as its own process, exposed directly to clients: silent
//! and slow clients, running out of file descriptors, shutting down with a
//! silent client or a hung webhook receiver, and how its secrets reach it.
//!
//! Each test starts the real binary on a free loopback port with its own
//! temporary database and talks to it over plain TCP.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{lead, TempSite, ID};

/// A running collector process, killed on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
    log: Arc<Mutex<String>>,
    site: TempSite,
}

/// Options for starting a collector process.
#[derive(Default)]
struct Start<'a> {
    env: &'a [(&'a str, &'a str)],
    args: &'a [&'a str],
    /// The soft limit on open files, set with `ulimit -n` before the server starts.
    open_files: Option<u32>,
}

fn start(options: Start<'_>) -> Server {
    let site = TempSite::new();
    let binary = env!("CARGO_BIN_EXE_role-quiz-server");
    let mut command = match options.open_files {
        Some(n) => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("ulimit -n {n} && exec \"$0\" \"$@\""))
                .arg(binary);
            c
        }
        None => Command::new(binary),
    };
    for (key, _) in std::env::vars() {
        if key.starts_with("ROLE_QUIZ_") {
            command.env_remove(key);
        }
    }
    command
        .args(options.args)
        .env("ROLE_QUIZ_LISTEN", "127.0.0.1:0")
        .env("ROLE_QUIZ_STATIC", site.path())
        .env("ROLE_QUIZ_DB", site.path().join("data/leads.sqlite3"))
        .env("ROLE_QUIZ_MIN_FILL_MS", "0")
        .env("RUST_LOG", "info")
        .envs(options.env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the server binary starts");
    let log = Arc::new(Mutex::new(String::new()));
    let (found, address) = std::sync::mpsc::channel();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let (log, found) = (log.clone(), found.clone());
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("running at http://").nth(1) {
                    let _ = found.send(rest.split('/').next().unwrap_or("").to_string());
                }
                let mut log = log.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
    }
    let addr = match address.recv_timeout(Duration::from_secs(20)) {
        Ok(a) => a.parse().unwrap(),
        Err(_) => {
            let _ = child.kill();
            panic!("the server did not start:\n{}", log.lock().unwrap());
        }
    };
    Server {
        child,
        addr,
        log,
        site,
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s
    }

    /// Sends one whole request and reads the whole answer (status, body).
    fn request(&self, raw: &str) -> (u16, String) {
        let mut s = self.connect();
        s.write_all(raw.as_bytes()).unwrap();
        read_answer(&mut s)
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Sends SIGTERM and waits up to `within` for the process to end;
    /// returns how long it took, or None if it was still running.
    fn terminate(&mut self, within: Duration) -> Option<Duration> {
        let started = Instant::now();
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        while started.elapsed() < within {
            if self.child.try_wait().unwrap().is_some() {
                return Some(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

/// Reads an HTTP/1.1 answer until the server closes the connection.
fn read_answer(s: &mut TcpStream) -> (u16, String) {
    let mut text = String::new();
    let _ = s.read_to_string(&mut text);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

/// Whether the server closes `s` within `within` (EOF, or a reset).
fn closed_within(s: &mut TcpStream, within: Duration) -> Result<Duration, String> {
    let started = Instant::now();
    s.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return Ok(started.elapsed()),
            Ok(_) => {} // an error answer (408) before closing is fine
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return Ok(started.elapsed())
            }
            Err(e) => return Err(format!("still open after {:?} ({e})", started.elapsed())),
        }
        if started.elapsed() > within {
            return Err(format!("still open after {:?}", started.elapsed()));
        }
    }
}

fn healthz() -> &'static str {
    "GET /healthz HTTP/1.1\r\nHost: collector.test\r\nConnection: close\r\n\r\n"
}

#[test]
fn silent_and_half_sent_requests_are_disconnected_after_the_header_timeout() {
    let server = start(Start {
        env: &[("ROLE_QUIZ_HEADER_TIMEOUT", "1s")],
        ..Start::default()
    });
    let opened = Instant::now();
    let mut silent = server.connect();
    let mut half = server.connect();
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: collector.test\r\n")
        .unwrap();
    for (name, s) in [("silent", &mut silent), ("half a header", &mut half)] {
        closed_within(s, Duration::from_secs(5)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let open_for = opened.elapsed();
        assert!(
            open_for >= Duration::from_millis(800),
            "{name}: closed too early ({open_for:?})"
        );
    }
    assert_eq!(server.request(healthz()).0, 200, "others are still served");
}

#[test]
fn a_body_trickled_a_byte_at_a_time_is_cut_off() {
    let server = start(Start {
        env: &[("ROLE_QUIZ_BODY_TIMEOUT", "2s")],
        ..Start::default()
    });
    let body = lead(ID).to_string();
    let mut s = server.connect();
    write!(
        s,
        "POST /api/leads HTTP/1.1\r\nHost: collector.test\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    // A byte every 200 ms: never idle long enough for an inactivity timeout,
    // and 1,000 bytes would take over three minutes.
    let started = Instant::now();
    let mut writer = s.try_clone().unwrap();
    let bytes = body.into_bytes();
    std::thread::spawn(move || {
        for b in bytes {
            if writer.write_all(&[b]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    });
    s.set_read_timeout(Some(Duration::from_secs(8))).unwrap();
    let mut head = [0u8; 64];
    let n = s.read(&mut head).unwrap_or(0);
    let text = String::from_utf8_lossy(&head[..n]).to_string();
    assert!(
        text.starts_with("HTTP/1.1 408"),
        "answer after {:?}: {text:?}",
        started.elapsed()
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn when_connections_run_out_idle_ones_are_shed_and_the_log_says_so() {
    let server = start(Start {
        env: &[
            ("ROLE_QUIZ_HEADER_TIMEOUT", "1s"),
            ("ROLE_QUIZ_MAX_CONNECTIONS", "24"),
        ],
        // Fewer descriptors than idle clients below: without a cap of its
        // own, the server's accept calls fail.
        open_files: Some(64),
        ..Start::default()
    });
    let idle: Vec<TcpStream> = (0..90).map(|_| server.connect()).collect();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let (status, body) = server.request(healthz());
    assert_eq!(status, 200, "healthz after {:?}: {body}", started.elapsed());
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(
        server.log().contains("connection limit reached"),
        "{}",
        server.log()
    );
    drop(idle);
}

#[test]
fn sigterm_ends_the_server_within_its_grace_period_despite_a_silent_client() {
    let mut server = start(Start {
        env: &[
            ("ROLE_QUIZ_HEADER_TIMEOUT", "60s"),
            ("ROLE_QUIZ_SHUTDOWN_GRACE", "2s"),
        ],
        ..Start::default()
    });
    let mut s = server.connect();
    s.write_all(b"GET / HTTP/1.1\r\nHost: collector.test\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let took = server.terminate(Duration::from_secs(8));
    assert!(
        took.is_some(),
        "still running 8 s after SIGTERM:\n{}",
        server.log()
    );
    drop(s);
}

#[test]
fn sigterm_does_not_wait_for_a_hung_webhook_receiver_and_the_lead_stays_queued() {
    // A receiver that accepts connections and never answers.
    let hung = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", hung.local_addr().unwrap());
    let held = Arc::new(Mutex::new(Vec::new()));
    {
        let held = held.clone();
        std::thread::spawn(move || {
            for s in hung.incoming().map_while(Result::ok) {
                held.lock().unwrap().push(s);
            }
        });
    }
    let mut server = start(Start {
        env: &[("ROLE_QUIZ_FORWARD_URL", &url)],
        ..Start::default()
    });
    let body = lead(ID).to_string();
    let (status, answer) = server.request(&format!(
        "POST /api/leads HTTP/1.1\r\nHost: collector.test\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    assert_eq!(status, 201, "{answer}");
    let waiting = Instant::now();
    while held.lock().unwrap().is_empty() && waiting.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !held.lock().unwrap().is_empty(),
        "the forwarder called the receiver"
    );
    std::thread::sleep(Duration::from_millis(300));
    let took = server.terminate(Duration::from_secs(5));
    assert!(
        took.is_some(),
        "still running 5 s after SIGTERM while a delivery hangs:\n{}",
        server.log()
    );
    let db = rusqlite::Connection::open(server.site.path().join("data/leads.sqlite3")).unwrap();
    let (attempts, delivered): (i64, Option<String>) = db
        .query_row(
            "SELECT attempts, delivered_at FROM forward_queue WHERE lead_id = ?1",
            [ID],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (attempts, delivered),
        (0, None),
        "the cancelled delivery is still queued and not counted as a failure"
    );
}

#[test]
fn secrets_are_refused_on_the_command_line() {
    for flag in ["--admin-token", "--forward-secret"] {
        let binary = env!("CARGO_BIN_EXE_role-quiz-server");
        let site = TempSite::new();
        let mut child = Command::new(binary)
            .args([flag, "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"])
            .env("ROLE_QUIZ_LISTEN", "127.0.0.1:0")
            .env("ROLE_QUIZ_STATIC", site.path())
            .env("ROLE_QUIZ_DB", site.path().join("l.sqlite3"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while child.try_wait().unwrap().is_none() && started.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let Some(status) = child.try_wait().unwrap() else {
            let _ = child.kill();
            panic!("{flag} on the command line was accepted");
        };
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert!(!status.success(), "{flag}");
        assert!(
            err.contains("_FILE"),
            "{flag}: the message names the file variable: {err}"
        );
    }
}

#[test]
fn secrets_can_come_from_files_and_the_bearer_scheme_is_case_insensitive() {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "file-token-8d21\n").unwrap();
    let server = start(Start {
        env: &[("ROLE_QUIZ_ADMIN_TOKEN_FILE", token_file.to_str().unwrap())],
        ..Start::default()
    });
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let (status, body) = server.request(&format!(
            "GET /api/leads HTTP/1.1\r\nHost: collector.test\r\nAuthorization: {scheme} file-token-8d21\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status, 200, "{scheme}: {body}");
    }
}

#[test]
fn the_database_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let server = start(Start::default());
    let data = server.site.path().join("data");
    for name in ["leads.sqlite3", "leads.sqlite3-wal", "leads.sqlite3-shm"] {
        let path = data.join(name);
        if let Ok(meta) = std::fs::metadata(&path) {
            let mode = meta.permissions().mode() & 0o777;
            assert_eq!(mode & 0o077, 0, "{name} has mode {mode:o}");
        } else {
            assert_ne!(name, "leads.sqlite3", "the database exists");
        }
    }
}
