fn main() {
    #[cfg(target_arch = "wasm32")]
    otp_playground::start();
}
