//! Page views: one use case per page that gathers what the page shows and decides, from the
//! actor's roles, what it offers. The web only translates the answer into HTML.

pub mod calendar;
pub mod home;
pub mod lists;
pub mod scores;
