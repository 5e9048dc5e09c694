{:ok, root} = {{module}}.start_link({{opts}})

if System.get_env("{{tree_env}}") do
  Playground.print_tree(root)
else
  unless IEx.started?(), do: Process.sleep(:infinity)
end
