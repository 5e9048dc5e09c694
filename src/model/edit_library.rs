//! Scenarios the editor keeps in the browser: the autosaved draft and the named scenarios
//! (list, save, rename, duplicate, delete). Pure: the view reads and writes the storage
//! text; this owns its format, versioned, and reading it never fails — corrupt or
//! unknown data counts as none.

use otp_sim::scenario::limits;
use serde::{Deserialize, Serialize};

/// Where the autosaved draft and the named scenarios live in local storage.
pub const DRAFT_KEY: &str = "otp-playground.editor-draft";
pub const LIBRARY_KEY: &str = "otp-playground.editor-library";
const VERSION: u32 = 1;
/// Named scenarios kept at most.
pub const MAX_SAVED: usize = 100;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub name: String,
    pub json: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Library {
    pub items: Vec<Saved>,
}

#[derive(Serialize, Deserialize)]
struct Stored<T> {
    v: u32,
    data: T,
}

/// The draft as stored.
pub fn draft_to_storage(json: &str) -> String {
    serde_json::to_string(&Stored {
        v: VERSION,
        data: json,
    })
    .unwrap_or_default()
}

/// The stored draft's JSON, if the storage holds one this version can read.
pub fn draft_from_storage(text: Option<&str>) -> Option<String> {
    let s: Stored<String> = serde_json::from_str(text?).ok()?;
    (s.v == VERSION && s.data.len() <= limits::MAX_JSON_BYTES).then_some(s.data)
}

fn check_name(name: &str) -> Result<String, String> {
    let n = name.trim();
    if n.is_empty() {
        return Err("give it a name".into());
    }
    if n.chars().count() > limits::MAX_NAME {
        return Err(format!("a name is at most {} characters", limits::MAX_NAME));
    }
    Ok(n.to_string())
}

impl Library {
    pub fn from_storage(text: Option<&str>) -> Library {
        let items = text
            .and_then(|t| serde_json::from_str::<Stored<Vec<Saved>>>(t).ok())
            .filter(|s| s.v == VERSION)
            .map(|s| s.data)
            .unwrap_or_default()
            .into_iter()
            .filter(|s| check_name(&s.name).is_ok() && s.json.len() <= limits::MAX_JSON_BYTES)
            .take(MAX_SAVED)
            .collect();
        Library { items }
    }

    pub fn to_storage(&self) -> String {
        serde_json::to_string(&Stored {
            v: VERSION,
            data: &self.items,
        })
        .unwrap_or_default()
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.items.iter().position(|s| s.name == name)
    }

    /// Saves under a name; the same name replaces that scenario. Returns its index.
    pub fn save(&mut self, name: &str, json: &str) -> Result<usize, String> {
        let name = check_name(name)?;
        if let Some(i) = self.position(&name) {
            self.items[i].json = json.to_string();
            return Ok(i);
        }
        if self.items.len() >= MAX_SAVED {
            return Err(format!(
                "{MAX_SAVED} saved scenarios at most: delete one first"
            ));
        }
        self.items.push(Saved {
            name,
            json: json.to_string(),
        });
        Ok(self.items.len() - 1)
    }

    pub fn rename(&mut self, i: usize, name: &str) -> Result<(), String> {
        let name = check_name(name)?;
        if self.position(&name).is_some_and(|j| j != i) {
            return Err(format!(
                "“{name}” is already the name of another saved scenario"
            ));
        }
        let item = self.items.get_mut(i).ok_or("no such saved scenario")?;
        item.name = name;
        Ok(())
    }

    /// A copy named "… (copy)", "… (copy 2)", …, right after the original.
    pub fn duplicate(&mut self, i: usize) -> Result<usize, String> {
        let item = self.items.get(i).ok_or("no such saved scenario")?.clone();
        if self.items.len() >= MAX_SAVED {
            return Err(format!(
                "{MAX_SAVED} saved scenarios at most: delete one first"
            ));
        }
        let name = (1..)
            .map(|n| match n {
                1 => format!("{} (copy)", item.name),
                n => format!("{} (copy {n})", item.name),
            })
            .find(|n| self.position(n).is_none())
            .unwrap_or_default();
        self.items.insert(
            i + 1,
            Saved {
                name,
                json: item.json,
            },
        );
        Ok(i + 1)
    }

    /// Removes the scenario and hands it back, so that the editor can offer to restore it.
    pub fn delete(&mut self, i: usize) -> Option<Saved> {
        (i < self.items.len()).then(|| self.items.remove(i))
    }

    /// Puts a deleted scenario back where it was (or last, if the list got shorter). If
    /// its name was taken in the meantime, the restored one gets a "(restored)" name
    /// rather than replacing the newer scenario. Returns its index.
    pub fn restore(&mut self, i: usize, saved: Saved) -> Result<usize, String> {
        if self.items.len() >= MAX_SAVED {
            return Err(format!(
                "{MAX_SAVED} saved scenarios at most: delete one first"
            ));
        }
        let name = (1..)
            .map(|n| match n {
                1 => saved.name.clone(),
                2 => format!("{} (restored)", saved.name),
                n => format!("{} (restored {n})", saved.name),
            })
            .find(|n| self.position(n).is_none())
            .unwrap_or_default();
        let at = i.min(self.items.len());
        self.items.insert(
            at,
            Saved {
                name,
                json: saved.json,
            },
        );
        Ok(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_renames_duplicates_and_deletes() {
        let mut l = Library::default();
        assert_eq!(l.save("  Incident 42 ", "{}"), Ok(0));
        assert_eq!(l.items[0].name, "Incident 42");
        assert_eq!(
            l.save("Incident 42", "{\"a\":1}"),
            Ok(0),
            "same name replaces"
        );
        assert_eq!(l.items.len(), 1);
        assert!(l.save("   ", "{}").is_err());
        assert_eq!(l.duplicate(0), Ok(1));
        assert_eq!(l.items[1].name, "Incident 42 (copy)");
        assert_eq!(l.duplicate(0), Ok(1));
        assert_eq!(l.items[1].name, "Incident 42 (copy 2)");
        assert!(l.rename(1, "Incident 42").unwrap_err().contains("already"));
        assert_eq!(l.rename(1, "Talk"), Ok(()));
        let gone = l.delete(0).expect("there is a first");
        assert_eq!(gone.name, "Incident 42");
        assert!(l.delete(9).is_none());
        assert_eq!(l.restore(0, gone.clone()), Ok(0), "back where it was");
        assert_eq!(l.items[0], gone);
        assert!(l.delete(2).is_some());
        assert!(l.rename(9, "x").is_err());
        assert!(l.duplicate(9).is_err());
        let back = Library::from_storage(Some(&l.to_storage()));
        assert_eq!(back, l);
    }

    #[test]
    fn a_restored_scenario_never_replaces_one_that_took_its_name() {
        let mut l = Library::default();
        l.save("Talk", "{\"old\":1}").unwrap();
        let gone = l.delete(0).unwrap();
        l.save("Talk", "{\"new\":1}").unwrap();
        assert_eq!(
            l.restore(5, gone.clone()),
            Ok(1),
            "last: the list is shorter"
        );
        assert_eq!(l.items[0].json, "{\"new\":1}");
        assert_eq!(l.items[1].name, "Talk (restored)");
        assert_eq!(
            l.restore(0, gone).map(|i| l.items[i].name.clone()),
            Ok("Talk (restored 3)".into())
        );
    }

    #[test]
    fn corrupt_or_foreign_storage_counts_as_none() {
        for bad in [
            None,
            Some(""),
            Some("not json"),
            Some("{\"v\":99,\"data\":[]}"),
            Some("{\"v\":1,\"data\":42}"),
        ] {
            assert_eq!(Library::from_storage(bad), Library::default());
            assert_eq!(draft_from_storage(bad), None);
        }
        assert_eq!(
            draft_from_storage(Some(&draft_to_storage("{\"x\":1}"))),
            Some("{\"x\":1}".into())
        );
    }
}
