  defp schedule(state),
    do: Process.send_after(self(), :tick, max(round(state.interval_us / 1000), 1))
