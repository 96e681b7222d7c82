Console.WriteLine("cm");
