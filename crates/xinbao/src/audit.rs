//! The audit chain at the command line: the key file every command that writes needs, and
//! `xinbao audit verify`, which exits 0 when the chain is intact and 1 naming the first bad
//! record otherwise.

use crate::commands::{locale, say};
use crate::config::Config;
use anyhow::Context;
use xinbao_app::App;
use xinbao_domain::audit_chain::AuditKey;
use xinbao_store::Store;

#[derive(clap::Subcommand)]
pub enum AuditAction {
    /// Walk the audit chain and recompute every record's HMAC-SM3 with the key file: exit 0
    /// with a summary when intact, 1 naming the first bad record (changed, missing,
    /// reordered, wrong key) otherwise.
    Verify,
}

fn unreadable(cfg: &Config) -> String {
    say(
        "cli.audit_key_unreadable",
        &[("path", &cfg.audit_key_path().display().to_string())],
    )
}

/// The key of an installation that writes: read, or created with mode 0600 on first start.
pub fn key_for_writing(cfg: &Config) -> anyhow::Result<AuditKey> {
    xinbao_app::audit_key::load_or_create(&cfg.audit_key_path()).with_context(|| unreadable(cfg))
}

/// At start-up: a key that did not seal the chain is refused (two servers with different keys
/// would break it), then rows from before the chain are sealed.
pub async fn start(cfg: &Config, app: &App) -> anyhow::Result<()> {
    if !app.audit_key_matches().await? {
        anyhow::bail!(say(
            "cli.audit_wrong_key",
            &[("path", &cfg.audit_key_path().display().to_string())]
        ));
    }
    let sealed = app.seal_audit_chain().await?;
    if sealed > 0 {
        println!(
            "{}",
            say("cli.audit_sealed", &[("count", &sealed.to_string())])
        );
    }
    Ok(())
}

pub async fn run(cfg: &Config, action: AuditAction) -> anyhow::Result<()> {
    match action {
        AuditAction::Verify => verify(cfg).await,
    }
}

/// Seals nothing and creates no key: the key file must exist.
async fn verify(cfg: &Config) -> anyhow::Result<()> {
    let key =
        xinbao_app::audit_key::load(&cfg.audit_key_path()).with_context(|| unreadable(cfg))?;
    let store = Store::open(&cfg.db())
        .await
        .context("opening the database")?;
    let status = {
        let mut r = store.read().await?;
        xinbao_store::audit_chain::verify(&mut r.conn(), &key).await?
    };
    store.close().await;
    let text = xinbao_app::chain_text(locale(), &status);
    if status.intact {
        println!("{text}");
        Ok(())
    } else {
        anyhow::bail!(text)
    }
}
