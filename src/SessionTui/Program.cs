using SessionTui.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
