//! Writers submitting items over the JSON API, recording what the server acknowledged.

use reqwest::Client;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the server acknowledged (answered 2xx) and when the answer came.
#[derive(Debug, Clone)]
pub struct Acked {
    pub title: String,
    /// The item's id, when the answer's body arrived too.
    pub id: Option<i64>,
    pub at: Instant,
    /// An attachment acknowledged on the item.
    pub file: Option<AckedFile>,
}

#[derive(Debug, Clone)]
pub struct AckedFile {
    pub hash: String,
    pub bytes: Vec<u8>,
    pub at: Instant,
}

/// Submits items until `stop` is set or the server stops answering; every 4th item also
/// gets a small PDF attachment. Each acknowledgement is recorded and counted on `count`.
pub async fn write_items(
    base: String,
    token: String,
    writer: usize,
    stop: Arc<std::sync::atomic::AtomicBool>,
    acked: Arc<Mutex<Vec<Acked>>>,
    count: tokio::sync::watch::Sender<usize>,
) {
    let client = Client::new();
    let mut n = 0;
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        n += 1;
        let title = format!("负载信息 {writer}-{n}");
        let body = json!({"title": title, "body": "在写入负载下提交的信息。", "type": "dynamic"});
        let Ok(res) = client
            .post(format!("{base}/api/v1/items"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
        else {
            return;
        };
        if !res.status().is_success() {
            continue;
        }
        let at = Instant::now();
        let id = match res.json::<Value>().await {
            Ok(v) => v["id"].as_i64(),
            Err(_) => None,
        };
        let mut file = None;
        if let Some(id) = id.filter(|_| n % 4 == 0) {
            let bytes = format!("%PDF-1.7\n% attachment of {title}\n").into_bytes();
            let form = Form::new().part("file", Part::bytes(bytes.clone()).file_name("附件.pdf"));
            let res = client
                .post(format!("{base}/api/v1/items/{id}/attachments"))
                .bearer_auth(&token)
                .multipart(form)
                .send()
                .await;
            if let Ok(res) = res
                && res.status().is_success()
            {
                let at = Instant::now();
                if let Ok(v) = res.json::<Value>().await {
                    file = v["file_hash"].as_str().map(|h| AckedFile {
                        hash: h.to_string(),
                        bytes,
                        at,
                    });
                }
            }
        }
        acked.lock().unwrap().push(Acked {
            title,
            id,
            at,
            file,
        });
        count.send_modify(|c| *c += 1);
    }
}

/// Waits until the writers have `n` acknowledgements (a test that stops getting them fails
/// after 30 s instead of hanging).
pub async fn until_acked(counted: &mut tokio::sync::watch::Receiver<usize>, n: usize) {
    tokio::time::timeout(Duration::from_secs(30), counted.wait_for(|c| *c >= n))
        .await
        .expect("the writers stopped getting answers")
        .expect("the writers are running");
}
