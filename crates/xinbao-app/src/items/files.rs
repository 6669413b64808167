//! Attachments: pictures, audio, video and documents, their type checked by content (not by
//! extension), size limits per kind, stored once by content hash under the data directory,
//! thumbnails for pictures, and every download checked against the item's permissions.

use super::access;
use crate::{Actor, App, AppError, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use xinbao_store::files;
pub use xinbao_store::files::AttachmentRow;

/// What kind of file, by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Picture,
    Audio,
    Video,
    Document,
}

/// Size limits per kind, bytes. Defaults: pictures 10 MB, audio 50 MB, video 200 MB,
/// documents 20 MB.
#[derive(Debug, Clone, Copy)]
pub struct FileLimits {
    pub picture: usize,
    pub audio: usize,
    pub video: usize,
    pub document: usize,
}

impl Default for FileLimits {
    fn default() -> Self {
        FileLimits {
            picture: 10 << 20,
            audio: 50 << 20,
            video: 200 << 20,
            document: 20 << 20,
        }
    }
}

impl FileLimits {
    pub fn of(&self, kind: FileKind) -> usize {
        match kind {
            FileKind::Picture => self.picture,
            FileKind::Audio => self.audio,
            FileKind::Video => self.video,
            FileKind::Document => self.document,
        }
    }

    pub fn largest(&self) -> usize {
        self.picture
            .max(self.audio)
            .max(self.video)
            .max(self.document)
    }
}

/// The kind and MIME type of a file, judged by its first bytes; `None` if not allowed.
pub fn sniff(bytes: &[u8]) -> Option<(FileKind, String)> {
    let t = infer::get(bytes)?;
    let mime = t.mime_type().to_string();
    let kind = match t.matcher_type() {
        infer::MatcherType::Image
            if matches!(t.extension(), "jpg" | "png" | "gif" | "webp" | "bmp") =>
        {
            FileKind::Picture
        }
        infer::MatcherType::Audio => FileKind::Audio,
        infer::MatcherType::Video => FileKind::Video,
        infer::MatcherType::Doc | infer::MatcherType::Archive
            if matches!(
                t.extension(),
                "pdf" | "docx" | "xlsx" | "pptx" | "doc" | "xls" | "ppt" | "rtf"
            ) =>
        {
            FileKind::Document
        }
        _ => return None,
    };
    Some((kind, mime))
}

fn path_of(dir: &Path, hash: &str) -> PathBuf {
    dir.join(&hash[..2]).join(hash)
}

fn thumb_of(dir: &Path, hash: &str) -> PathBuf {
    dir.join("thumbs").join(format!("{hash}.png"))
}

/// Writes the file (and a picture's thumbnail) once; returns its hash. Runs off the executor.
fn store_file(dir: PathBuf, bytes: Vec<u8>, picture: bool) -> std::io::Result<String> {
    let hash = hex::encode(Sha256::digest(&bytes));
    let path = path_of(&dir, &hash);
    if !path.exists() {
        std::fs::create_dir_all(path.parent().unwrap_or(&dir))?;
        let tmp = path.with_extension("part");
        std::fs::write(&tmp, &bytes)?;
        std::fs::rename(&tmp, &path)?;
    }
    if picture && let Some(img) = decode_bounded(&bytes) {
        let thumb = thumb_of(&dir, &hash);
        std::fs::create_dir_all(dir.join("thumbs"))?;
        let _ = img
            .thumbnail(320, 320)
            .save_with_format(&thumb, image::ImageFormat::Png);
    }
    Ok(hash)
}

/// Decodes a picture for its thumbnail within fixed bounds (8192 px a side, 96 MiB of
/// pixels), so a small file that claims a huge canvas is not decoded at all.
fn decode_bounded(bytes: &[u8]) -> Option<image::DynamicImage> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(8192);
    limits.max_image_height = Some(8192);
    limits.max_alloc = Some(96 << 20);
    reader.limits(limits);
    reader.decode().ok()
}

impl App {
    /// Attaches a file to an item the actor may write or edit now.
    pub async fn attach(
        &self,
        actor: &Actor,
        id: i64,
        name: &str,
        bytes: Vec<u8>,
    ) -> Result<AttachmentRow> {
        let l = self.load_item(actor, id).await?;
        let allowed = access::allowed(&actor.principal, &l.item, &l.rules, &l.org);
        if !allowed.iter().any(|a| *a == "revise" || *a == "edit") {
            return Err(AppError::Forbidden);
        }
        let (kind, mime) = sniff(&bytes).ok_or(AppError::invalid("file", "type"))?;
        if bytes.len() > self.cfg.file_limits.of(kind) {
            return Err(AppError::invalid("file", "too_large"));
        }
        let name: String = name
            .trim()
            .chars()
            .filter(|c| !c.is_control() && !matches!(c, '/' | '\\'))
            .take(120)
            .collect();
        let name = if name.is_empty() {
            "附件".to_string()
        } else {
            name
        };
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        let dir = self.cfg.files_dir.clone();
        let hash = self
            .heavy(move || store_file(dir, bytes, kind == FileKind::Picture))
            .await?
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let now = self.now().0;
        let me = actor.principal.person_id.0;
        let mut tx = self.begin().await?;
        let c = &mut tx.conn();
        files::add_file(c, &hash, size, &mime, now).await?;
        let aid = files::attach(c, id, &hash, &name, me, now).await?;
        xinbao_store::items::add_event(c, id, Some(me), "attach", None, None, &name, now).await?;
        tx.commit().await?;
        Ok(AttachmentRow {
            id: aid,
            item_id: id,
            file_hash: hash,
            name,
            mime,
            size,
            created_at: now,
        })
    }

    pub async fn attachments(&self, actor: &Actor, id: i64) -> Result<Vec<AttachmentRow>> {
        self.load_item(actor, id).await?;
        let mut r = self.store.read().await?;
        Ok(files::of_item(&mut r.conn(), id).await?)
    }

    /// A stored file (or its thumbnail) if the actor may open an item that holds it:
    /// (path, MIME type, name).
    pub async fn open_file(
        &self,
        actor: &Actor,
        hash: &str,
        thumb: bool,
    ) -> Result<(PathBuf, String, String)> {
        if hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(AppError::NotFound);
        }
        let rows = files::holders(&mut self.store.read().await?.conn(), hash).await?;
        for (item, mime, name) in rows {
            if self.load_item(actor, item).await.is_ok() {
                let dir = &self.cfg.files_dir;
                let path = if thumb {
                    thumb_of(dir, hash)
                } else {
                    path_of(dir, hash)
                };
                let mime = if thumb { "image/png".to_string() } else { mime };
                return Ok((path, mime, name));
            }
        }
        Err(AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_judged_by_content_not_by_name() {
        let png = [
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
        ];
        assert_eq!(sniff(&png).map(|x| x.0), Some(FileKind::Picture));
        assert_eq!(sniff(b"%PDF-1.7\n").map(|x| x.0), Some(FileKind::Document));
        assert_eq!(
            sniff(b"MZ\x90\x00\x03\x00\x00\x00"),
            None,
            "a Windows program named .jpg is refused"
        );
        assert_eq!(sniff(b"just text"), None);
    }
}
