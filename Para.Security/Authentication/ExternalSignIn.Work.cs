// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Diagnostics;
using Para.Security.Identity;
using Para.Security.Tokens;

namespace Para.Security.Authentication;

/// <content>The state of one sign-in, local to one call: what is still to be stored, and the one write that stores it.</content>
public sealed partial class ExternalSignIn
{
    private sealed class Work(ExternalUserProvisioner provisioner, ParaJwtIssuer issuer, ParaUser user, bool created, bool changed)
    {
        private bool _pending = changed;

        // A user created by this sign-in has a fresh, random token secret that has signed nothing yet: replacing it by
        // another one would invalidate nothing and cost a second write.
        private bool _secretUnused = created;

        public ParaUser User { get; } = user;

        public bool Created { get; } = created;

        public int Writes { get; private set; } = created ? 1 : 0;

        public ParaTokenResult? Session { get; private set; }

        public bool SessionFailed { get; private set; }

        /// <summary>Issues the login's session JWT: resets the token secret as Para does, stores it with the pending changes in one write, then signs.</summary>
        public async Task<ParaTokenResult?> IssueSessionAsync(ParaApp app, CancellationToken cancellationToken)
        {
            if (!_secretUnused && issuer.ResetsTokenSecret(app, User))
            {
                provisioner.RenewTokenSecret(User);
                _pending = true;
            }

            using var step = ParaSecurityTelemetry.StartStep(ParaSecurityTelemetry.TokenIssueSpan);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            _secretUnused = false;
            Session = issuer.SignSessionToken(app, User);
            SessionFailed = Session is null;
            ParaSecurityTelemetry.SetOutcome(step, SessionFailed ? ParaSecurityErrors.SessionTokenFailed : null);
            return Session;
        }

        /// <summary>Stores the user when something is pending: the sign-in's one write.</summary>
        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_pending)
            {
                await provisioner.StoreAsync(User, cancellationToken).ConfigureAwait(false);
                _pending = false;
                Writes++;
            }
        }
    }
}
