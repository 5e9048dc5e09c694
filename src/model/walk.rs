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
