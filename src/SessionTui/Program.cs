Console.WriteLine("sessiontui");
