//! `Shared`: an `Rc` compared by pointer, for props that change once per frame. Props
//! compare in O(1), so a memoised component re-renders only when its data was rebuilt.

use std::rc::Rc;

#[derive(Clone, Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}
