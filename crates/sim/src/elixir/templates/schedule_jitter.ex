  # The next request in interval_us ± jitter (a fraction of it).
  defp schedule(state) do
    spread = trunc(state.interval_us * state.jitter)
    delay_us = state.interval_us - spread + :rand.uniform(2 * spread + 1) - 1
    Process.send_after(self(), :tick, max(round(delay_us / 1000), 1))
  end
