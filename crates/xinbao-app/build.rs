//! Rebuild when the message catalogue changes (the `i18n!` macro reads it at compile time).
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
