using System.Text;

namespace Pairing.Documents.Tests;

/// <summary>A binary PPM (P6) as pdftoppm writes it: the rendered page the tests look at pixel by pixel.</summary>
public sealed record PpmImage(int Width, int Height, byte[] Rgb)
{
    public static PpmImage Read(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var at = 0;
        string Token()
        {
            while (true)
            {
                while (char.IsWhiteSpace((char)bytes[at])) at++;
                if (bytes[at] != '#') break;
                while (bytes[at] != '\n') at++;
            }
            var start = at;
            while (!char.IsWhiteSpace((char)bytes[at])) at++;
            return Encoding.ASCII.GetString(bytes, start, at - start);
        }
        if (Token() != "P6") throw new InvalidDataException("not a binary PPM");
        var width = int.Parse(Token());
        var height = int.Parse(Token());
        if (Token() != "255") throw new InvalidDataException("only 8-bit PPM is read");
        at++;                                       // the single whitespace after the maximum value
        return new PpmImage(width, height, bytes[at..(at + 3 * width * height)]);
    }

    public (byte R, byte G, byte B) this[int x, int y] => (Rgb[3 * (y * Width + x)], Rgb[3 * (y * Width + x) + 1], Rgb[3 * (y * Width + x) + 2]);

    /// <summary>The pixels (column, row) for which the test holds.</summary>
    public IEnumerable<(int X, int Y)> Where(Func<(byte R, byte G, byte B), bool> test)
    {
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
                if (test(this[x, y])) yield return (x, y);
    }
}
