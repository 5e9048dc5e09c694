//! `unit_enum!`: a scenario format's enum of plain names (`"any_significant"`,
//! `"queue_len"`, ...) written once, as a list of variant ⇒ name, from which come the
//! serde names, the derives every such enum needs and `as_str`.

/// Defines a unit enum whose variants read and write as the given names, with
/// `as_str()` returning the same names. Attributes before the enum and before a
/// variant are kept (`#[derive(Default)]` with `#[default]`, doc comments).
macro_rules! unit_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Clone,
            Copy,
            Debug,
            PartialEq,
            Eq,
            serde::Serialize,
            serde::Deserialize,
            bincode::Encode,
            bincode::Decode,
        )]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            /// Its name in the scenario format.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text ),+
                }
            }
        }
    };
}

pub(crate) use unit_enum;
