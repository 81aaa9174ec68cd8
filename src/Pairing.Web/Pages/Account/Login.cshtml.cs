using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Web.Hosting;

namespace Pairing.Web.Pages.Account;

/// <summary>Sign-in with lockout: five wrong passwords lock the account for fifteen minutes. A user name that does not
/// exist gets the same answers after the same number of tries, and costs the same password-hashing time, so the page
/// never tells whether a name exists.</summary>
public sealed class LoginModel(SignInManager<IdentityUser> signIn, UnknownUserLockout unknown) : PageModel
{
    public const string WrongPassword = "账号或密码不正确";
    public const string LockedOut = "登录失败次数过多，请 15 分钟后再试";
    private static readonly string DummyHash = new PasswordHasher<IdentityUser>().HashPassword(new IdentityUser(), Guid.NewGuid().ToString());

    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError("", "请输入账号和密码");
            return Page();
        }
        var name = UserName.Trim();
        if (await signIn.UserManager.FindByNameAsync(name) is null)
        {
            // Spend the time a real check costs, then answer as for a real account.
            signIn.UserManager.PasswordHasher.VerifyHashedPassword(new IdentityUser(), DummyHash, Password);
            var locked = unknown.IsLockedOut(name) || unknown.Fail(name);
            ModelState.AddModelError("", locked ? LockedOut : WrongPassword);
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(name, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        ModelState.AddModelError("", result.IsLockedOut ? LockedOut : WrongPassword);
        return Page();
    }
}
