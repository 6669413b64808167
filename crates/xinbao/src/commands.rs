//! What each subcommand does.

use crate::Command;
use crate::config::{Config, DbFlags};
use anyhow::{Context, bail};
use xinbao_app::install::InstallInput;
use xinbao_app::{Actor, App, PersonInput};
use xinbao_store::Store;

mod admin;

pub use admin::AdminAction;
use admin::admin;

/// The operator's language: `XINBAO_LANG=en` for English, Chinese otherwise.
pub fn locale() -> &'static str {
    xinbao_app::i18n::pick_locale(&std::env::var("XINBAO_LANG").unwrap_or_default())
}

pub fn say(key: &str, args: &[(&str, &str)]) -> String {
    xinbao_app::i18n::trf(locale(), key, args)
}

fn init_logs(cfg: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("XINBAO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = if cfg.log_format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

async fn open(cfg: &Config) -> anyhow::Result<App> {
    let store = Store::open(&cfg.db())
        .await
        .context("opening the database")?;
    let mut app_cfg = cfg.app_with_key()?;
    app_cfg.audit_key = crate::audit::key_for_writing(cfg)?;
    let app = App::new(store, app_cfg);
    crate::audit::start(cfg, &app).await?;
    let sealing = app
        .seal_stored_secrets()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("checking the secrets the database holds against secrets.key")?;
    if sealing.sealed_now > 0 {
        tracing::info!(
            count = sealing.sealed_now,
            "encrypted stored secrets with SM4"
        );
    }
    Ok(app)
}

fn message(e: xinbao_app::AppError) -> anyhow::Error {
    if let xinbao_app::AppError::Roster(rows) = &e {
        let lines: Vec<String> = rows
            .iter()
            .map(|r| xinbao_app::roster::describe(locale(), r))
            .collect();
        return anyhow::anyhow!("{}\n{}", e.message(locale()), lines.join("\n"));
    }
    anyhow::anyhow!("{}", e.message(locale()))
}

pub async fn run(mut flags: DbFlags, command: Command) -> anyhow::Result<()> {
    if matches!(command, Command::Demo { .. })
        && flags.data_dir.is_none()
        && flags.database_url.is_none()
        && std::env::var_os("XINBAO_DATA_DIR").is_none()
        && std::env::var_os("XINBAO_DATABASE_URL").is_none()
    {
        flags.data_dir = Some("data-demo".into());
    }
    let bind = match &command {
        Command::Serve { bind, .. } | Command::Demo { bind, .. } => bind.clone(),
        _ => None,
    };
    let cfg = Config::load(&flags, bind.as_deref())?;
    init_logs(&cfg);
    match command {
        Command::Serve { test_clock, .. } => {
            let mut app = open(&cfg).await?;
            if app.is_new().await.map_err(message)? {
                eprintln!("{}", say("cli.no_units", &[]));
            }
            let mut web = cfg.web();
            if test_clock {
                tracing::warn!("serving with a test clock that administrators can move");
                let clock = std::sync::Arc::new(xinbao_domain::OffsetClock::default());
                app = app.with_clock(clock.clone());
                web.test_clock = Some(clock);
            }
            serve(&cfg, app, web).await
        }
        Command::Demo {
            password, reset, ..
        } => demo(&cfg, &password, reset).await,
        Command::Rescore { check } => {
            let app = open(&cfg).await?;
            if check {
                let started = std::time::Instant::now();
                let mut fresh = app.recomputed_scores().await.map_err(message)?;
                let seconds = format!("{:.2}", started.elapsed().as_secs_f64());
                fresh.sort_by_key(|r| (r.root_id, r.event, r.unit_id));
                let stored = app.stored_scores().await.map_err(message)?;
                let count = fresh.len().to_string();
                let args = [("count", count.as_str()), ("seconds", seconds.as_str())];
                if stored == fresh {
                    println!("{}", say("cli.rescore_same", &args));
                    return Ok(());
                }
                anyhow::bail!(say("cli.rescore_differs", &args));
            }
            let n = app.rebuild_scores().await.map_err(message)?;
            println!("{}", say("cli.rescored", &[("count", &n.to_string())]));
            Ok(())
        }
        Command::Gen { units, password } => {
            let app = open(&cfg).await?;
            let (u, p) = xinbao_demo::build_synthetic(&app, units, &password)
                .await
                .map_err(message)?;
            println!("created {u} units and {p} people");
            Ok(())
        }
        Command::Admin { action } => admin(&cfg, action).await,
        Command::Audit { action } => crate::audit::run(&cfg, action).await,
        Command::Import { file } => {
            let app = open(&cfg).await?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let r = app
                .import_roster(&Actor::system(), &bytes)
                .await
                .map_err(message)?;
            println!(
                "{}",
                say(
                    "cli.imported",
                    &[
                        ("units", &r.units_created.to_string()),
                        ("people", &r.people_created.to_string()),
                        ("roles", &r.roles_granted.to_string())
                    ]
                )
            );
            for p in r.initial_passwords {
                println!("{}\t{}\t{}", p.username, p.name, p.password);
            }
            Ok(())
        }
        Command::TransferDb { from, to } => {
            let src = Store::open(&xinbao_store::DbConfig::new(from))
                .await
                .context("opening the source")?;
            let dst = Store::connect(&xinbao_store::DbConfig::new(to))
                .await
                .context("opening the target")?;
            for (table, n) in xinbao_store::transfer::transfer(&src, &dst).await? {
                println!("{table}: {n} rows");
            }
            Ok(())
        }
        Command::Backup { to } => crate::backup::backup(&cfg, &to).await,
        Command::Restore { from } => crate::backup::restore(&cfg, &from).await,
        Command::Migrate => {
            let app = open(&cfg).await?;
            println!(
                "schema version {}",
                app.schema_version().await.map_err(message)?
            );
            Ok(())
        }
        Command::Bench(args) => crate::bench::run(args).await,
        Command::Openapi => {
            println!(
                "{}",
                serde_json::to_string_pretty(&xinbao_web::openapi_json())?
            );
            Ok(())
        }
    }
}

async fn serve(cfg: &Config, app: App, web: xinbao_web::ServeOptions) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(&cfg.bind)
        .await
        .with_context(|| format!("binding {}", cfg.bind))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, backend = ?cfg.db().backend().ok(), "xinbao is serving");
    println!(
        "{}",
        say("cli.serving", &[("url", &format!("http://{addr}/"))])
    );
    if app.ensure_scores().await.map_err(message)? {
        tracing::info!("score entries built from the items");
    }
    let closing = app.clone();
    xinbao_web::serve(app, web, listener, shutdown_signal()).await?;
    closing.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing requests in flight");
}

async fn demo(cfg: &Config, password: &str, reset: bool) -> anyhow::Result<()> {
    if reset {
        let db = cfg.db();
        if db.backend()? != xinbao_store::Backend::Sqlite {
            bail!("--reset only works on the embedded SQLite database");
        }
        let path = xinbao_store::sqlite_path(&db.url);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    let app = open(cfg).await?;
    let empty = app.is_new().await.map_err(message)?;
    if empty {
        let accounts = xinbao_demo::build_all(&app, password)
            .await
            .map_err(message)?;
        print_accounts(&accounts, password, &cfg.bind);
        println!("{}", say("cli.demo_no_totp", &[]));
    } else {
        xinbao_demo::refresh_demo_passwords(&app, password)
            .await
            .map_err(message)?;
        println!("{}", say("cli.demo_existing", &[("password", password)]));
    }
    serve(cfg, app, cfg.web()).await
}

fn print_accounts(accounts: &[xinbao_demo::DemoAccount], password: &str, bind: &str) {
    println!(
        "{}",
        say(
            "cli.demo_built",
            &[
                ("count", &accounts.len().to_string()),
                ("password", password)
            ]
        )
    );
    println!(
        "{}",
        say("cli.demo_open", &[("url", &format!("http://{bind}/"))])
    );
    let wanted = [
        "admin",
        "sheng-editor",
        "sheng-signer3",
        "sheng-reader",
        "c1-admin",
        "c1-editor",
        "c1-signer1",
        "c1x1-editor",
        "c1x1-officer",
        "c1x1t1-officer",
        "c1x1t1-leader",
        "c1x1t1-principal",
        "c1d1-officer",
    ];
    for w in wanted {
        if let Some(a) = accounts.iter().find(|a| a.username == w) {
            println!(
                "  {:<18} {:<8} {}（{}）",
                a.username,
                a.name,
                xinbao_app::i18n::tr(locale(), &format!("role.{}", a.role.code())),
                a.unit
            );
        }
    }
}
