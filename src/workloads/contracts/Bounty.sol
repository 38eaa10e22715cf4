// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title ParevmBounties — a market where requesters pay in ETH for work on a prompt.
/// @notice A requester escrows a reward with `postBounty(promptHash)`; creators `submit` result hashes to an
/// open bounty; the requester `accept`s one submission, which closes the bounty and pays the reward to its
/// creator. Prompts and results live off-chain, only their hashes are recorded. Bounty ids come from one
/// counter, submission ids from a counter per bounty.
contract ParevmBounties {
    /// Two full slots plus one packed slot: (requester, reward), promptHash, (submissions, closed).
    struct Bounty {
        address requester;
        uint96 reward;
        bytes32 promptHash;
        uint32 submissions;
        bool closed;
    }

    struct Submission {
        address creator;
        bytes32 resultHash;
    }

    uint256 public bountyCount;
    mapping(uint256 bountyId => Bounty) public bounties;
    mapping(uint256 bountyId => mapping(uint256 submissionId => Submission)) public submissions;

    event BountyPosted(uint256 indexed bountyId, address indexed requester, uint256 reward, bytes32 promptHash);
    event WorkSubmitted(
        uint256 indexed bountyId, uint256 indexed submissionId, address indexed creator, bytes32 resultHash
    );
    event BountyPaid(uint256 indexed bountyId, uint256 indexed submissionId, address indexed creator, uint256 reward);

    error NoReward();
    error RewardTooLarge(uint256 reward);
    error UnknownBounty(uint256 bountyId);
    error BountyClosed(uint256 bountyId);
    error NotRequester(address caller, uint256 bountyId);
    error UnknownSubmission(uint256 bountyId, uint256 submissionId);
    error PayoutFailed(address creator);

    function postBounty(bytes32 promptHash) external payable returns (uint256 bountyId) {
        if (msg.value == 0) revert NoReward();
        if (msg.value > type(uint96).max) revert RewardTooLarge(msg.value);
        bountyId = bountyCount++;
        bounties[bountyId] = Bounty(msg.sender, uint96(msg.value), promptHash, 0, false);
        emit BountyPosted(bountyId, msg.sender, msg.value, promptHash);
    }

    function submit(uint256 bountyId, bytes32 resultHash) external returns (uint256 submissionId) {
        Bounty storage b = bounties[bountyId];
        if (b.requester == address(0)) revert UnknownBounty(bountyId);
        if (b.closed) revert BountyClosed(bountyId);
        submissionId = b.submissions++;
        submissions[bountyId][submissionId] = Submission(msg.sender, resultHash);
        emit WorkSubmitted(bountyId, submissionId, msg.sender, resultHash);
    }

    function accept(uint256 bountyId, uint256 submissionId) external {
        Bounty storage b = bounties[bountyId];
        if (b.requester != msg.sender) revert NotRequester(msg.sender, bountyId);
        if (b.closed) revert BountyClosed(bountyId);
        if (submissionId >= b.submissions) revert UnknownSubmission(bountyId, submissionId);
        b.closed = true;
        address creator = submissions[bountyId][submissionId].creator;
        uint256 reward = b.reward;
        (bool paid,) = payable(creator).call{value: reward}("");
        if (!paid) revert PayoutFailed(creator);
        emit BountyPaid(bountyId, submissionId, creator, reward);
    }
}
