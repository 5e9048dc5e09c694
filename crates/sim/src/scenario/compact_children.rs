//! The compact form (`compact.rs`) of the two specs that hold a `children` list, written by
//! hand instead of derived so that the list is stored as the JSON writes it: a run of
//! identical children as one template and a count (`template::runs`), expanded again when
//! read. Derived, a template's copies were each stored in full: `big_5000`'s 5,000 clients
//! took 344 KB (14 KB gzipped) of the first-load wasm, against ~1 KB as templates. The
//! other fields are written in declaration order, as the derive would.

use super::spec::{ChildSpec, DynamicSupervisorSpec, SupervisorSpec};
use super::template::{Run, copy_id, runs};
use bincode::de::{Decode, Decoder};
use bincode::enc::{Encode, Encoder};
use bincode::error::{DecodeError, EncodeError};

/// A child written as itself (count 0) or a template with its count of copies (count ≥ 1).
fn encode_children<E: Encoder>(children: &[ChildSpec], e: &mut E) -> Result<(), EncodeError> {
    let runs = runs(children);
    (runs.len() as u64).encode(e)?;
    for r in &runs {
        match r {
            Run::One(c) => {
                0u64.encode(e)?;
                c.encode(e)?;
            }
            Run::Copies { template, count } => {
                (*count as u64).encode(e)?;
                template.encode(e)?;
            }
        }
    }
    Ok(())
}

fn decode_children<Ctx, D: Decoder<Context = Ctx>>(
    d: &mut D,
) -> Result<Vec<ChildSpec>, DecodeError> {
    let n = u64::decode(d)? as usize;
    // Each entry is at least a count and a spec: a length the bytes cannot hold is refused
    // before anything is allocated (the decoder's limit counts what is claimed).
    d.claim_container_read::<ChildSpec>(n)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let count = u64::decode(d)? as usize;
        let spec = ChildSpec::decode(d)?;
        if count == 0 {
            out.push(spec);
        } else {
            d.claim_container_read::<ChildSpec>(count)?;
            out.reserve(count);
            for i in 1..=count {
                out.push(spec.with_id(&copy_id(spec.id(), i)));
            }
        }
    }
    Ok(out)
}

impl Encode for SupervisorSpec {
    fn encode<E: Encoder>(&self, e: &mut E) -> Result<(), EncodeError> {
        self.id.encode(e)?;
        self.name.encode(e)?;
        self.restart.encode(e)?;
        self.shutdown.encode(e)?;
        self.strategy.encode(e)?;
        self.max_restarts.encode(e)?;
        self.max_seconds.encode(e)?;
        self.auto_shutdown.encode(e)?;
        encode_children(&self.children, e)
    }
}

impl<Ctx> Decode<Ctx> for SupervisorSpec {
    fn decode<D: Decoder<Context = Ctx>>(d: &mut D) -> Result<Self, DecodeError> {
        Ok(SupervisorSpec {
            id: Decode::decode(d)?,
            name: Decode::decode(d)?,
            restart: Decode::decode(d)?,
            shutdown: Decode::decode(d)?,
            strategy: Decode::decode(d)?,
            max_restarts: Decode::decode(d)?,
            max_seconds: Decode::decode(d)?,
            auto_shutdown: Decode::decode(d)?,
            children: decode_children(d)?,
        })
    }
}
bincode::impl_borrow_decode!(SupervisorSpec);

impl Encode for DynamicSupervisorSpec {
    fn encode<E: Encoder>(&self, e: &mut E) -> Result<(), EncodeError> {
        self.id.encode(e)?;
        self.name.encode(e)?;
        self.restart.encode(e)?;
        self.shutdown.encode(e)?;
        self.max_restarts.encode(e)?;
        self.max_seconds.encode(e)?;
        self.max_children.encode(e)?;
        encode_children(&self.children, e)
    }
}

impl<Ctx> Decode<Ctx> for DynamicSupervisorSpec {
    fn decode<D: Decoder<Context = Ctx>>(d: &mut D) -> Result<Self, DecodeError> {
        Ok(DynamicSupervisorSpec {
            id: Decode::decode(d)?,
            name: Decode::decode(d)?,
            restart: Decode::decode(d)?,
            shutdown: Decode::decode(d)?,
            max_restarts: Decode::decode(d)?,
            max_seconds: Decode::decode(d)?,
            max_children: Decode::decode(d)?,
            children: decode_children(d)?,
        })
    }
}
bincode::impl_borrow_decode!(DynamicSupervisorSpec);

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;

    /// The 5,000-process built-in is stored as its templates, not as 5,000 specs, and comes
    /// back equal (every scenario file's round trip is checked in `compact.rs`).
    #[test]
    fn templates_stay_templates() {
        let json = include_str!("../../../../scenarios/big_5000.json");
        let s = Scenario::from_json(json).expect("valid");
        let bytes = s.to_compact();
        assert!(bytes.len() < 4_000, "{} bytes", bytes.len());
        assert_eq!(Scenario::from_compact(&bytes), Ok(s));
    }
}
