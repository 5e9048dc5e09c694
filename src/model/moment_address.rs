//! The address of the moment on the stage (`#/play/<scenario>?t=<ms>&sel=<id>`), which the
//! page writes into its address bar while the stage is paused: a reload, the Back button
//! or a link copied from the address bar then reopen that moment, as Share's link does.
//! Only a scenario an address can name (a built-in or a lesson's) with nothing the user
//! did to it qualifies; anything else needs a share link (`share.rs`) to be reproduced.

use crate::model::route::{Mode, Open, Route};
use crate::model::state::State;

/// The address to write for `state` under the page's `route`, if it should follow the
/// stage: a playground, presenter or sequence address that named a scenario, or the bare
/// playground (`#/`) once there is a moment or a selection to keep. Share links (`?s=`),
/// embeds, the editor and every other page keep their address.
pub fn to_write(route: &Route, state: &State) -> Option<String> {
    let Route::Stage { mode, open } = route else {
        return None;
    };
    let address = match (mode, open) {
        (Mode::Play | Mode::Present | Mode::Sequence, Open::Named { .. }) => {
            state.moment_address(*mode)?
        }
        (Mode::Play, Open::Current) => state
            .moment_address(Mode::Play)
            .filter(|a| a.contains('?'))?,
        _ => return None,
    };
    Some(address)
}

impl State {
    /// The address that reopens the moment shown, in `mode`; `None` when no address can
    /// (a pasted, edited or linked scenario, user actions, forked branches). The time is
    /// in milliseconds, with decimals down to the microsecond when a step rests between
    /// two milliseconds (`t=150.052`).
    pub fn moment_address(&self, mode: Mode) -> Option<String> {
        let name = self.address_name.as_deref()?;
        let tl = &self.timeline;
        let acted = tl.commands().iter().any(|c| c.t <= tl.now());
        if acted || self.branches.list.len() > 1 {
            return None;
        }
        let mut address = format!("#/{}/", mode.path());
        encode_into(&mut address, name);
        let mut sep = '?';
        let t = tl.now();
        if t > 0 {
            address.push(sep);
            address.push_str("t=");
            address.push_str(&(t / 1000).to_string());
            let mut frac = t % 1000;
            if frac > 0 {
                address.push('.');
                for unit in [100, 10, 1] {
                    if frac == 0 {
                        break;
                    }
                    address.push(char::from(b'0' + (frac / unit) as u8));
                    frac %= unit;
                }
            }
            sep = '&';
        }
        if let Some(sel) = self.selected.as_deref() {
            address.push(sep);
            address.push_str("sel=");
            encode_into(&mut address, sel);
        }
        Some(address)
    }
}

/// Appends `s`, percent-encoding what would end a path segment or a query value
/// (`Route::parse` decodes it back).
fn encode_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~:".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::route::{Mode, Open, Route};
    use crate::model::scenarios;
    use crate::model::state::{Action, State};

    fn opened(name: &str, t_ms: u64, select: Option<&str>) -> State {
        let mut s = State::new(0, false);
        s.apply(Action::OpenMoment {
            scenario: name.into(),
            source: scenarios::builtin(name).map(Into::into),
            t_us: t_ms * 1000,
            select: select.map(Into::into),
        });
        s
    }

    /// What the address says is what opening it shows: the same scenario, moment and
    /// selection, in every mode that has such an address.
    #[test]
    fn reopens_the_moment_it_names() {
        let s = opened("db_one_for_all", 1200, Some("db"));
        for mode in [Mode::Play, Mode::Present, Mode::Sequence] {
            let a = s.moment_address(mode).expect("a built-in, untouched");
            assert_eq!(
                Route::parse(&a),
                Route::Stage {
                    mode,
                    open: Open::Named {
                        scenario: "db_one_for_all".into(),
                        t_us: 1_200_000,
                        select: Some("db".into()),
                    },
                },
                "{a}"
            );
        }
        assert_eq!(
            opened("db_one_for_all", 0, None).moment_address(Mode::Play),
            Some("#/play/db_one_for_all".into())
        );
    }

    /// It follows the stage: a step in time, a new selection, the picker's scenario.
    #[test]
    fn follows_time_selection_and_the_picker() {
        let mut s = opened("db_one_for_all", 0, None);
        for (t, says) in [
            (2_500_000, "2500"),
            (2_500_700, "2500.7"),
            (2_500_070, "2500.07"),
            (2_500_007, "2500.007"),
            (150_052, "150.052"),
        ] {
            s.apply(Action::Seek(t));
            let a = s.moment_address(Mode::Play).unwrap_or_default();
            assert_eq!(a, format!("#/play/db_one_for_all?t={says}"));
            // …and opens at that very microsecond.
            let Route::Stage {
                open: Open::Named { t_us, .. },
                ..
            } = Route::parse(&a)
            else {
                panic!("{a}")
            };
            assert_eq!(t_us, t, "{a}");
        }
        let other = (0..scenarios::BUILTIN.len())
            .find(|&i| scenarios::slug(scenarios::BUILTIN[i].0) != "db_one_for_all")
            .unwrap_or(0);
        s.apply(Action::LoadBuiltin(other));
        let slug = scenarios::slug(scenarios::BUILTIN[other].0);
        assert_eq!(s.moment_address(Mode::Play), Some(format!("#/play/{slug}")));
    }

    /// What an address cannot say gives none: the user's own actions on the run.
    #[test]
    fn none_once_the_user_acted() {
        let mut s = opened("db_one_for_all", 1000, Some("db"));
        assert!(s.moment_address(Mode::Play).is_some());
        s.apply(Action::Command(otp_sim::Command::Exit {
            reason: ":kill".into(),
        }));
        assert_eq!(s.moment_address(Mode::Play), None);
    }

    /// Which pages follow the stage: a named scenario's in three modes, the bare playground
    /// only once it has something to keep, never a share link, an embed or the editor.
    #[test]
    fn which_addresses_follow() {
        use super::to_write;
        let s = opened("db_one_for_all", 1200, None);
        for (hash, want) in [
            ("#/play/db_one_for_all", true),
            ("#/present/db_one_for_all?t=5", true),
            ("#/seq/db_one_for_all", true),
            ("#/", true),
            ("#/seq", false),
            ("#/play?s=v1.abc", false),
            ("#/embed/db_one_for_all", false),
            ("#/edit/db_one_for_all", false),
            ("#/lessons", false),
        ] {
            assert_eq!(to_write(&Route::parse(hash), &s).is_some(), want, "{hash}");
        }
        let start = opened("db_one_for_all", 0, None);
        assert_eq!(to_write(&Route::parse("#/"), &start), None);
        assert_eq!(
            to_write(&Route::parse("#/play/db_one_for_all?t=900"), &start).as_deref(),
            Some("#/play/db_one_for_all")
        );
    }

    #[test]
    fn encodes_what_would_break_the_address() {
        let mut out = String::new();
        super::encode_into(&mut out, "a b&c?d/e#f\u{e9}");
        assert_eq!(out, "a%20b%26c%3Fd%2Fe%23f%C3%A9");
        let mut s = opened("db_one_for_all", 0, None);
        s.selected = Some("x&y z".into());
        let a = s.moment_address(Mode::Play).unwrap_or_default();
        match Route::parse(&a) {
            Route::Stage {
                open: Open::Named { select, .. },
                ..
            } => assert_eq!(select.as_deref(), Some("x&y z")),
            r => panic!("{a} parsed as {r:?}"),
        }
    }
}
