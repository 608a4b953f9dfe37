class Build
{
    public static int Main() => 1;
}
