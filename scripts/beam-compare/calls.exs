# 1,000 processes each making 1,000 GenServer.call to one server.
defmodule Hot do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call(:ping, _from, s), do: {:reply, :pong, s}
  def handle_cast(:ping, s), do: {:noreply, s}
end

{:ok, hot} = GenServer.start_link(Hot, 0)
mode = System.argv() |> List.first()

1..1000
|> Enum.map(fn _ ->
  Task.async(fn ->
    for _ <- 1..1000 do
      if mode == "cast", do: GenServer.cast(hot, :ping), else: GenServer.call(hot, :ping)
    end
  end)
end)
|> Enum.each(&Task.await(&1, :infinity))

# Casts: the server has drained them all when it answers a call sent after them.
:pong = GenServer.call(hot, :ping, :infinity)
