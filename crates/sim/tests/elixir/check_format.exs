# Checks that each generated file is exactly what `mix format` (Code.format_string!/1, with
# its default line length of 98) makes of it. Prints the first differing line of each file
# that is not, and exits 1 if any is not. Used by tests/elixir_export.rs.
failures =
  for file <- System.argv(), reduce: 0 do
    count ->
      code = File.read!(file)
      formatted = IO.iodata_to_binary([Code.format_string!(code), "\n"])

      if formatted == code do
        count
      else
        pairs = Enum.zip(String.split(code, "\n"), String.split(formatted, "\n"))
        index = Enum.find_index(pairs, fn {a, b} -> a != b end) || 0
        {got, want} = Enum.at(pairs, index, {"", ""})

        IO.puts(
          "#{file}:#{index + 1}\n  generated: #{inspect(got)}\n  formatted: #{inspect(want)}"
        )

        count + 1
      end
  end

if failures > 0, do: System.halt(1)
