//! What a benchmark measures through: the app, and its store for bulk loading.

use xinbao_app::App;
use xinbao_store::Store;

/// The app under measure and its store: a benchmark bulk-loads its data through the store
/// (far faster than the use cases), then measures the use cases through the app.
pub struct Bench {
    pub app: App,
    pub store: Store,
}

impl Bench {
    pub fn new(app: App, store: &Store) -> Bench {
        Bench {
            app,
            store: store.clone(),
        }
    }
}

impl std::ops::Deref for Bench {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}
