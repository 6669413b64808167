//! Stand-ins for the outside world, started by the tests: a real SMTP server (aiosmtpd) and
//! an HTTP receiver that records what the robots and the SMS gateway would have received.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use axum::Router;
use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use std::io::BufRead;
use std::sync::{Arc, Mutex};

/// A running aiosmtpd writing what it receives to a file; killed on drop.
pub struct SmtpSink {
    pub port: u16,
    pub file: std::path::PathBuf,
    child: std::process::Child,
    _dir: tempfile::TempDir,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("mail.jsonl");
        // Found from either crate that includes this module.
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../xinbao-channels/tests/support/smtp_sink.py"
        );
        let mut child = std::process::Command::new("python3")
            .arg(script)
            .arg(port.to_string())
            .arg(&file)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (pip install aiosmtpd)");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        SmtpSink {
            port,
            file,
            child,
            _dir: dir,
        }
    }

    /// The messages received so far.
    pub fn messages(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.file)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request the receiver got: path with query, content type and body.
#[derive(Debug, Clone)]
pub struct Received {
    pub uri: String,
    pub content_type: String,
    pub body: String,
}

/// An HTTP receiver: `/ok…` answers like a robot that took the message, `/down…` fails.
pub struct Receiver {
    pub base: String,
    pub got: Arc<Mutex<Vec<Received>>>,
}

async fn record(
    State(got): State<Arc<Mutex<Vec<Received>>>>,
    OriginalUri(uri): OriginalUri,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    got.lock().unwrap().push(Received {
        uri: uri.to_string(),
        content_type,
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    if uri.path().starts_with("/down") {
        (StatusCode::SERVICE_UNAVAILABLE, "{\"errcode\":-1}".into())
    } else {
        (StatusCode::OK, "{\"errcode\":0,\"errmsg\":\"ok\"}".into())
    }
}

impl Receiver {
    pub async fn start() -> Receiver {
        let got = Arc::new(Mutex::new(Vec::new()));
        let app = Router::new().fallback(record).with_state(got.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver { base, got }
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}
