//! The portal's visual language: shell, navigation, toasts, errors, forms, dialogs, tables.
pub mod conflict;
pub mod dialog;
pub mod error;
pub mod form;
pub mod icons;
pub mod layout;
pub mod table;
pub mod toast;
