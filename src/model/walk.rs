//! Walking the supervision tree the simulator reports. A leaf of the model's imports: the
//! frame, the views that compare or draw trees, and the tests all walk trees the same way.

use otp_sim::TreeNode;

/// The tree's nodes in order: each node, then its children.
pub fn flatten<'a>(n: &'a TreeNode, out: &mut Vec<&'a TreeNode>) {
    out.push(n);
    for c in &n.children {
        flatten(c, out);
    }
}

/// Whether the tree has more than `n` nodes: a walk that stops once it knows, for a
/// question asked of trees of any size (is this one for the canvas stage?).
pub fn more_than(root: &TreeNode, n: usize) -> bool {
    let mut seen = 0;
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        seen += 1;
        if seen > n {
            return true;
        }
        stack.extend(node.children.iter());
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_than_agrees_with_the_count() {
        let json = include_str!("../../scenarios/cache_one_for_one.json");
        let scenario = otp_sim::Scenario::from_json(json).expect("valid");
        let mut sim = otp_sim::Sim::new(&scenario);
        sim.run_until(1_000);
        let tree = sim.tree();
        let mut flat = Vec::new();
        flatten(&tree, &mut flat);
        let count = flat.len();
        assert!(count > 3);
        assert!(more_than(&tree, count - 1));
        assert!(!more_than(&tree, count));
        assert!(more_than(&tree, 0));
    }
}
