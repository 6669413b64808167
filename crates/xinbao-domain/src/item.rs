//! Information items (信息): their kinds, importance and urgency, the editorial state machine,
//! sign-off policy and the credit each contributing unit earns (DOMAIN.md §4).

pub mod access;
mod credit;
mod fields;
mod signoff;
mod state;

pub use credit::{CreditNode, credit_shares};
pub use fields::{Importance, ItemType, Sensitivity, Urgency, validate_body_text, validate_title};
pub use signoff::{OfficeSignoffRule, UnitSignoffRule};
pub use state::{Action, ItemStatus, Origin, TransitionError, first_state, transition};
