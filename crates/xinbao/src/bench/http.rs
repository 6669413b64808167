//! Load over loopback HTTP against the real server, and the raw insert ceiling.

use super::load::{BenchData, PASSWORD};
use super::{BenchArgs, Latency, Outcome};
use anyhow::Context;
use std::sync::Arc;
use std::time::{Duration, Instant};
use xinbao_app::App;
use xinbao_store::Store;

/// Latencies (ms) of successful steps, the failures, and the time they took.
#[derive(Default)]
struct Samples {
    ms: Vec<f64>,
    errors: usize,
    elapsed: Duration,
}

impl Samples {
    fn add(&mut self, other: Samples) {
        self.ms.extend(other.ms);
        self.errors += other.errors;
        self.elapsed += other.elapsed;
    }

    fn latency(self) -> Latency {
        Latency::of(self.ms, self.errors, self.elapsed)
    }
}

/// Runs `clients` loops of `step` for `seconds`; gathers latencies (ms) and errors. Each
/// client counts its steps from `from`.
async fn drive<F, Fut>(clients: usize, seconds: f64, from: u64, step: Arc<F>) -> Samples
where
    F: Fn(usize, u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let step = step.clone();
        tasks.push(tokio::spawn(async move {
            let (mut ms, mut errors, mut n) = (Vec::new(), 0usize, from);
            while Instant::now() < deadline {
                let t = Instant::now();
                if step(c, n).await {
                    ms.push(t.elapsed().as_secs_f64() * 1000.0);
                } else {
                    errors += 1;
                }
                n += 1;
            }
            (ms, errors)
        }));
    }
    let mut out = Samples::default();
    for t in tasks {
        if let Ok((ms, e)) = t.await {
            out.ms.extend(ms);
            out.errors += e;
        }
    }
    out.elapsed = started.elapsed();
    out
}

/// How many slices each of two interleaved measurements is cut into.
const SLICES: u32 = 5;

/// Runs `a` and `b` in alternating slices (a, b, a, b, …) adding up to `seconds` each, so
/// that both meet the same machine: on a shared virtual machine, fsync time and CPU steal
/// drift within a minute, and a ratio of two measurements taken a minute apart drifts with
/// them.
async fn interleaved<A, FA, B, FB>(clients: usize, seconds: u64, a: A, b: B) -> (Latency, Latency)
where
    A: Fn(usize, u64) -> FA + Send + Sync + 'static,
    FA: std::future::Future<Output = bool> + Send,
    B: Fn(usize, u64) -> FB + Send + Sync + 'static,
    FB: std::future::Future<Output = bool> + Send,
{
    let (a, b) = (Arc::new(a), Arc::new(b));
    let slice = seconds as f64 / f64::from(SLICES);
    let (mut sa, mut sb) = (Samples::default(), Samples::default());
    for round in 0..SLICES {
        // Steps of later slices count on from where earlier ones could have reached.
        let from = u64::from(round) << 32;
        sa.add(drive(clients, slice, from, a.clone()).await);
        sb.add(drive(clients, slice, from, b.clone()).await);
    }
    (sa.latency(), sb.latency())
}

/// A page fetched whole with a success status.
async fn fetch_ok(req: reqwest::RequestBuilder) -> bool {
    match req.send().await {
        Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
        _ => false,
    }
}

async fn token(client: &reqwest::Client, base: &str, username: &str) -> anyhow::Result<String> {
    let res = client
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({ "username": username, "password": PASSWORD }))
        .send()
        .await?;
    let v: serde_json::Value = res.json().await?;
    v["token"]
        .as_str()
        .map(str::to_string)
        .context("sign-in failed")
}

/// A browser-like client signed in through the web form.
async fn web_session(base: &str, username: &str) -> anyhow::Result<reqwest::Client> {
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(64)
        .build()?;
    let page = c.get(format!("{base}/login")).send().await?.text().await?;
    let marker = "name=\"_csrf\" value=\"";
    let csrf = page
        .split(marker)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .context("no CSRF token")?
        .to_string();
    let res = c
        .post(format!("{base}/login"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("username", username),
            ("password", PASSWORD),
        ])
        .send()
        .await?;
    anyhow::ensure!(
        res.status().is_redirection(),
        "web sign-in failed: {}",
        res.status()
    );
    Ok(c)
}

pub async fn measure(
    app: &App,
    store: &Store,
    data: &BenchData,
    args: &BenchArgs,
    backend: &str,
    load_seconds: f64,
) -> anyhow::Result<Outcome> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let served = app.clone();
    let server = tokio::spawn(async move {
        let opts = xinbao_web::ServeOptions {
            secure_cookies: false,
            max_upload_bytes: 20 << 20,
            worker: true,
            test_clock: None,
        };
        let _ = xinbao_web::serve(served, opts, listener, async move {
            let _ = stop_rx.await;
        })
        .await;
    });
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()?;
    let mut tokens = Vec::new();
    for name in data.officers.iter().take(args.clients) {
        tokens.push(token(&client, &base, name).await?);
    }
    let tokens = Arc::new(tokens);

    {
        let mut tx = store.write().await?;
        xinbao_store::bulk::create_ceiling_table(&mut tx.conn()).await?;
        tx.commit().await?;
    }
    println!(
        "   submissions over HTTP and the ceiling (raw durable single-row inserts), {} clients, in alternating slices …",
        args.clients
    );
    let (c, b, t) = (client.clone(), base.clone(), tokens.clone());
    let submit = move |i: usize, n: u64| {
        let (c, b, tok) = (c.clone(), b.clone(), t[i % t.len()].clone());
        async move {
            let body = serde_json::json!({ "title": format!("压力测试信息 {i}-{n}"), "body": "今年以来，全镇围绕中心工作，扎实推进各项任务，取得明显成效。", "type": "dynamic" });
            matches!(c.post(format!("{b}/api/v1/items?submit=true")).bearer_auth(tok).json(&body).send().await, Ok(r) if r.status().as_u16() == 201)
        }
    };
    let s = store.clone();
    let insert = move |i: usize, n: u64| {
        let s = s.clone();
        async move {
            let Ok(mut tx) = s.write().await else {
                return false;
            };
            if xinbao_store::bulk::ceiling_insert(&mut tx.conn(), &format!("{i}-{n}"), 0)
                .await
                .is_err()
            {
                return false;
            }
            tx.commit().await.is_ok()
        }
    };
    let (submissions, ceiling) = interleaved(args.clients, args.seconds, submit, insert).await;

    println!("   inbox page under {} readers …", args.clients);
    let web = web_session(&base, &data.editor).await?;
    let (w, b) = (web.clone(), base.clone());
    let inbox = drive(
        args.clients,
        args.seconds as f64,
        0,
        Arc::new(move |_, _| {
            let (w, b) = (w.clone(), b.clone());
            async move { fetch_ok(w.get(format!("{b}/inbox"))).await }
        }),
    )
    .await
    .latency();

    println!("   item page under {} readers …", args.clients);
    let ids = Arc::new(data.office_items.clone());
    anyhow::ensure!(!ids.is_empty(), "no items at the measured office");
    let (w, b) = (web.clone(), base.clone());
    let item_page = drive(
        args.clients,
        args.seconds as f64,
        0,
        Arc::new(move |i, n: u64| {
            let (w, b) = (w.clone(), b.clone());
            let id = ids[(i * 7919 + n as usize * 104_729) % ids.len()];
            async move { fetch_ok(w.get(format!("{b}/items/{id}"))).await }
        }),
    )
    .await
    .latency();

    let _ = stop_tx.send(());
    let _ = server.await;
    let units = app.list_units(&xinbao_app::Actor::system()).await?.len();
    Ok(Outcome {
        backend: backend.to_string(),
        units,
        items: args.items,
        load_seconds,
        submissions,
        ceiling,
        inbox,
        item_page,
    })
}
