Console.Error.WriteLine("vvtv-sim: not implemented yet");
return 101;
