//! The item editor's form as posted.

use serde::Deserialize;
use xinbao_app::ItemInput;

/// The form as posted (the JSON field is `type`, the form's is `item_type`).
#[derive(Deserialize)]
pub struct ItemForm {
    title: String,
    #[serde(default)]
    body: String,
    item_type: String,
    #[serde(default)]
    importance: Option<String>,
    #[serde(default)]
    urgency: Option<String>,
    #[serde(default)]
    sensitivity: Option<String>,
    #[serde(default)]
    topics: Option<String>,
    #[serde(default)]
    authors: Option<String>,
    #[serde(default)]
    contact_phone: Option<String>,
    #[serde(default)]
    version: Option<String>,
    /// `save` or `submit`.
    #[serde(default)]
    pub then: String,
}

impl ItemForm {
    pub fn input(&self) -> ItemInput {
        ItemInput {
            title: self.title.clone(),
            body: self.body.clone(),
            item_type: self.item_type.clone(),
            importance: self.importance.clone(),
            urgency: self.urgency.clone(),
            sensitivity: self.sensitivity.clone(),
            topics: self.topics.clone(),
            authors: self.authors.clone(),
            contact_phone: self.contact_phone.clone(),
            version: self.version.as_deref().and_then(|v| v.trim().parse().ok()),
        }
    }
}
